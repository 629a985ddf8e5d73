/**
 * Helpers shared by tests: running external oracle tools (clang-19, llvm-19, bpftool) with a
 * clear skip when they are missing.
 *
 * <p>Test code only; it must not be used by main code and depends on nothing but JUnit.
 */
package dev.ebpf4j.testing;
