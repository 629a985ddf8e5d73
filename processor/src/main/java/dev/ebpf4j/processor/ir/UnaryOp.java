package dev.ebpf4j.processor.ir;

/** Unary operators: arithmetic negation, bitwise complement, boolean not. */
public enum UnaryOp { NEG, BIT_NOT, NOT }
