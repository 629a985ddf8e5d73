package dev.ebpf4j.processor.ir;

/** Binary operators with Java's two's-complement semantics; SHR is arithmetic, USHR logical. */
public enum BinaryOp { ADD, SUB, MUL, AND, OR, XOR, SHL, SHR, USHR, UDIV, UREM }
