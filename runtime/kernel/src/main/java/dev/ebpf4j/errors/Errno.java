package dev.ebpf4j.errors;

import dev.ebpf4j.sys.Memlock;
import java.util.Map;

/**
 * A Linux error number with its symbolic name and an explanation of what it most likely means for
 * a given {@code bpf(2)} command, phrased as the fix.
 *
 * <pre>{@code
 * Errno.EPERM.explain(BpfCommand.MAP_CREATE)
 *   // "not permitted: run as root, or grant CAP_BPF (...)"
 * }</pre>
 *
 * @param number the positive errno value
 */
public record Errno(int number) {
    public static final Errno EPERM = new Errno(1);
    public static final Errno ENOENT = new Errno(2);
    public static final Errno ESRCH = new Errno(3);
    public static final Errno EINTR = new Errno(4);
    public static final Errno EIO = new Errno(5);
    public static final Errno ENXIO = new Errno(6);
    public static final Errno E2BIG = new Errno(7);
    public static final Errno EBADF = new Errno(9);
    public static final Errno EAGAIN = new Errno(11);
    public static final Errno ENOMEM = new Errno(12);
    public static final Errno EACCES = new Errno(13);
    public static final Errno EFAULT = new Errno(14);
    public static final Errno EBUSY = new Errno(16);
    public static final Errno EEXIST = new Errno(17);
    public static final Errno ENODEV = new Errno(19);
    public static final Errno ENOTDIR = new Errno(20);
    public static final Errno EINVAL = new Errno(22);
    public static final Errno ENFILE = new Errno(23);
    public static final Errno EMFILE = new Errno(24);
    public static final Errno ENOSPC = new Errno(28);
    public static final Errno ERANGE = new Errno(34);
    public static final Errno ENOSYS = new Errno(38);
    public static final Errno ELOOP = new Errno(40);
    public static final Errno EOPNOTSUPP = new Errno(95);
    public static final Errno ESTALE = new Errno(116);
    /** The kernel-internal "not supported" that leaks out of some bpf() paths. */
    public static final Errno ENOTSUPP = new Errno(524);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"),
            Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(28, "ENOSPC"),
            Map.entry(34, "ERANGE"), Map.entry(38, "ENOSYS"), Map.entry(40, "ELOOP"), Map.entry(95, "EOPNOTSUPP"), Map.entry(116, "ESTALE"),
            Map.entry(524, "ENOTSUPP"));

    public Errno {
        if (number <= 0) {
            throw new IllegalArgumentException("errno must be positive, got " + number);
        }
    }

    /** The symbolic name ({@code EPERM}), or {@code errno N} for numbers this table does not know. */
    public String name() {
        return NAMES.getOrDefault(number, "errno " + number);
    }

    /**
     * What this error most likely means when {@code command} returns it, and what to do about it.
     * Never empty; falls back to a generic meaning of the number.
     */
    public String explain(BpfCommand command) {
        return switch (number) {
            case 1 -> explainEperm(command);
            case 2 -> switch (command) {
                case MAP_LOOKUP_ELEM, MAP_DELETE_ELEM, MAP_LOOKUP_AND_DELETE_ELEM, MAP_UPDATE_ELEM ->
                        "no such key in the map";
                case MAP_GET_NEXT_KEY -> "no more keys in the map";
                case OBJ_GET, OBJ_PIN -> "no such path: is bpffs mounted at /sys/fs/bpf and does the directory exist?";
                case PROG_GET_FD_BY_ID, MAP_GET_FD_BY_ID, LINK_GET_FD_BY_ID, BTF_GET_FD_BY_ID ->
                        "no object with that id (it was unloaded, or the id is wrong)";
                default -> "a referenced object does not exist";
            };
            case 7 -> switch (command) {
                case PROG_LOAD -> "the program is too large for this kernel, or the attr has non-zero bytes this kernel does not know (a feature newer than the kernel)";
                case MAP_UPDATE_ELEM, MAP_UPDATE_BATCH -> "the map is full (max_entries reached)";
                default -> "an attribute uses a field this kernel does not know (the feature is newer than the kernel)";
            };
            case 9 -> "a file descriptor passed to the kernel is not open or is not the right kind of BPF object";
            case 11 -> "the kernel asked to retry (signal or memory pressure); it kept failing after several retries";
            case 12 -> "the kernel could not allocate memory; reduce max_entries or value sizes"
                    + (Memlock.accountsMemlock() ? ", or raise RLIMIT_MEMLOCK (this kernel still charges BPF memory to it)" : "");
            case 13 -> command == BpfCommand.PROG_LOAD
                    ? "the verifier rejected the program (see its log)"
                    : "access denied: the object is read-only or the path is not on bpffs";
            case 14 -> "the kernel could not read or write a buffer we passed (a bug in ebpf4j: please report it)";
            case 16 -> "the object or attach point is busy: another program is already attached there";
            case 17 -> switch (command) {
                case MAP_UPDATE_ELEM, MAP_UPDATE_BATCH -> "the key already exists (update with NOEXIST)";
                case OBJ_PIN -> "something is already pinned at that path; remove it first or pick another path";
                default -> "the object already exists";
            };
            case 19 -> "no such network device, or the device does not support this attach mode";
            case 20 -> "a path component is not a directory";
            case 22 -> explainEinval(command);
            case 23, 24 -> "too many open file descriptors: close unused maps, programs and links, or raise RLIMIT_NOFILE";
            case 28 -> switch (command) {
                case PROG_LOAD, BTF_LOAD -> "the verifier log buffer was too small";
                default -> "no space left (a limit on entries or attachments was reached)";
            };
            case 34 -> "a value is out of the range the kernel accepts";
            case 116 -> "the attach point changed since its revision was read; read it again and retry";
            case 38 -> "bpf() is not available: the kernel was built without CONFIG_BPF_SYSCALL";
            case 95, 524 -> switch (command) {
                case MAP_LOOKUP_BATCH, MAP_LOOKUP_AND_DELETE_BATCH, MAP_UPDATE_BATCH, MAP_DELETE_BATCH ->
                        "this map type has no batch operations on this kernel; use per-element calls";
                case MAP_LOOKUP_AND_DELETE_ELEM -> "this map type has no lookup-and-delete on this kernel";
                default -> "the operation is not supported for this object type on this kernel";
            };
            default -> "failed with " + name();
        };
    }

    private static String explainEperm(BpfCommand command) {
        return switch (command) {
            case MAP_UPDATE_ELEM, MAP_DELETE_ELEM, MAP_UPDATE_BATCH, MAP_DELETE_BATCH, MAP_LOOKUP_AND_DELETE_ELEM ->
                    "not permitted: the map is frozen or read-only for user space (BPF_F_RDONLY), or the process lacks CAP_BPF";
            case PROG_LOAD -> "not permitted: run as root, or grant CAP_BPF plus CAP_NET_ADMIN (network programs: XDP, tc, sockets) "
                    + "or CAP_PERFMON (tracing programs); kernels before 5.8 need CAP_SYS_ADMIN"
                    + memlockNote();
            case LINK_CREATE, LINK_UPDATE, LINK_DETACH, PROG_ATTACH, PROG_DETACH ->
                    "not permitted: attaching needs root, or CAP_NET_ADMIN for network hooks (XDP, tc) and CAP_PERFMON for tracing hooks";
            case PROG_TEST_RUN -> "not permitted: test runs need root or CAP_BPF plus CAP_NET_ADMIN";
            // The kernel's answer to a pin whose directory is not on bpffs, whoever asks.
            case OBJ_PIN -> "not permitted: the directory is not on a bpf file system; pins can only live on bpffs "
                    + "(mount -t bpf bpf /sys/fs/bpf, and pin below it)";
            case PROG_GET_FD_BY_ID, MAP_GET_FD_BY_ID, LINK_GET_FD_BY_ID, BTF_GET_FD_BY_ID ->
                    "not permitted: opening an object by its id needs CAP_SYS_ADMIN (root has it)";
            default -> "not permitted: run as root, or grant CAP_BPF (kernels before 5.8: CAP_SYS_ADMIN); "
                    + "unprivileged bpf() is disabled by kernel.unprivileged_bpf_disabled"
                    + memlockNote();
        };
    }

    private static String memlockNote() {
        return Memlock.accountsMemlock() ? "; this kernel also charges BPF memory to RLIMIT_MEMLOCK, which may be too low" : "";
    }

    private static String explainEinval(BpfCommand command) {
        return switch (command) {
            case MAP_CREATE -> "invalid map attributes: check the key/value sizes, max_entries and flags for this map type, "
                    + "and that the name uses only letters, digits, '_' and '.'";
            case PROG_LOAD -> "invalid program attributes: check the program type, expected attach type, license, "
                    + "instruction encoding and name";
            case BTF_LOAD -> "the BTF blob is malformed";
            case MAP_LOOKUP_ELEM, MAP_UPDATE_ELEM, MAP_DELETE_ELEM, MAP_GET_NEXT_KEY, MAP_LOOKUP_AND_DELETE_ELEM ->
                    "invalid map access: unsupported flags, or an operation this map type does not have";
            case OBJ_PIN, OBJ_GET -> "the path is not on a bpffs mount (mount -t bpf bpf /sys/fs/bpf)";
            case LINK_CREATE -> "invalid attach: the program type does not match the attach type, or the flags are wrong";
            case PROG_TEST_RUN -> "invalid test run: this program type cannot be test-run on this kernel, or the data is too short or too long";
            default -> "invalid argument";
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
