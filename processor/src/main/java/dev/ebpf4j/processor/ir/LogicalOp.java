package dev.ebpf4j.processor.ir;

/** Short-circuit boolean operators. */
public enum LogicalOp { AND, OR }
