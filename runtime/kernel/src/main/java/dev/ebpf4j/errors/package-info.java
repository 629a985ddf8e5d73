/**
 * What the kernel answered when it refused: {@link dev.ebpf4j.errors.BpfException} (a system call
 * failed: the command, the {@link dev.ebpf4j.errors.Errno} and what it most likely means), and
 * {@link dev.ebpf4j.errors.VerifierException} (the verifier refused a program: its log, the failing
 * instruction and the source line), {@link dev.ebpf4j.errors.NetlinkException} (a netlink request
 * failed: the errno and the kernel's own sentence). Callers branch on {@code errno()} rather than on
 * message text.
 *
 * <p>Data about kernel answers, thrown by {@code dev.ebpf4j.sys} and exported so that callers
 * outside the runtime can catch it; it reads only the toolchain's program types and, to explain an
 * {@code ENOMEM}, whether this kernel still charges RLIMIT_MEMLOCK ({@code sys.Memlock}).
 */
package dev.ebpf4j.errors;
