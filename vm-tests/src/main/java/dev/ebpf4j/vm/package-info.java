/**
 * The guest side of {@code vm-tests/run}: reports each test's outcome as one machine-readable line
 * that the host parses after the virtual machine powers off.
 * It depends only on the JUnit Platform launcher API, never on ebpf4j itself, so a broken runtime
 * still reports its failures.
 */
package dev.ebpf4j.vm;
