package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * BTF objects in the kernel: {@code BPF_BTF_LOAD} hands a blob over (with the same log retry as
 * program loads); {@code BPF_BTF_GET_FD_BY_ID} and {@code BPF_OBJ_GET_INFO_BY_FD} fetch one back,
 * as the raw blob to decode with {@code dev.ebpf4j.btf.BtfDecoder}.
 *
 * <pre>{@code
 * try (OwnedFd fd = BtfCalls.fdById(mapInfo.btfId())) {
 *     byte[] blob = BtfCalls.info(fd.get()).blob();
 * }
 * }</pre>
 */
public final class BtfCalls {
    private static final LoggedLoad.LogFields LOG = new LoggedLoad.LogFields(Attr.BtfLoad.LOG_BUF,
            Attr.BtfLoad.LOG_SIZE, Attr.BtfLoad.LOG_LEVEL, Attr.BtfLoad.LOG_TRUE_SIZE);

    /** Room for a BTF object's name: module names are shorter than 56 bytes, "vmlinux" is 7. */
    private static final int NAME_ROOM = 64;

    private BtfCalls() {}

    /**
     * What {@code BPF_OBJ_GET_INFO_BY_FD} reports about a BTF object.
     *
     * @param blob the raw BTF (header, types, strings) as it was loaded; for module BTF, split BTF on
     *             top of vmlinux's
     * @param name "vmlinux" or a module's name for kernel BTF; empty for BTF loaded by a process, and
     *             on kernels before 5.11
     * @param kernelBtf whether the kernel itself provides this BTF (vmlinux or a module); false before 5.11
     */
    public record RawBtfInfo(int id, String name, boolean kernelBtf, byte[] blob) {}

    /** {@code BPF_BTF_GET_FD_BY_ID}: a handle on the BTF object with this kernel id (a map's or program's btf_id). */
    public static OwnedFd fdById(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.GetId.LAYOUT);
            Attr.GetId.ID.set(attr, id);
            return Syscall.fd(BpfCommand.BTF_GET_FD_BY_ID, attr);
        }
    }

    /**
     * {@code BPF_OBJ_GET_INFO_BY_FD} on a BTF fd, with the blob: one call learns the size, a second
     * copies that many bytes (BTF objects never change, so the size still holds).
     */
    public static RawBtfInfo info(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(Attr.BtfInfo.LAYOUT);
            MemorySegment name = arena.allocate(NAME_ROOM);
            boolean named = true;
            Attr.BtfInfo.NAME.set(info, name.address());
            Attr.BtfInfo.NAME_LEN.set(info, NAME_ROOM);
            try {
                ObjectCalls.info(fd, info);
            } catch (BpfException e) {
                if (!e.errno().equals(Errno.E2BIG)) {
                    throw e;
                }
                // Before 5.11 the struct ends after id, and the kernel refuses our set name fields.
                named = false;
                info.fill((byte) 0);
                ObjectCalls.info(fd, info.asSlice(0, Attr.BtfInfo.V5_0_SIZE));
            }
            int size = (int) Attr.BtfInfo.BTF_SIZE.get(info);
            MemorySegment blob = arena.allocate(Math.max(1, size));
            MemorySegment second = named ? info : info.asSlice(0, Attr.BtfInfo.V5_0_SIZE);
            second.fill((byte) 0);
            Attr.BtfInfo.BTF.set(info, blob.address());
            Attr.BtfInfo.BTF_SIZE.set(info, size);
            if (named) {
                Attr.BtfInfo.NAME.set(info, name.address());
                Attr.BtfInfo.NAME_LEN.set(info, NAME_ROOM);
            }
            ObjectCalls.info(fd, second);
            int copied = Math.min(size, (int) Attr.BtfInfo.BTF_SIZE.get(info));
            String text = named ? name.getString(0) : "";
            boolean kernel = named && (int) Attr.BtfInfo.KERNEL_BTF.get(info) != 0;
            return new RawBtfInfo((int) Attr.BtfInfo.ID.get(info), text, kernel,
                    blob.asSlice(0, copied).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /**
     * Loads a raw BTF blob (header, types, strings).
     *
     * @param name what to call the blob in error messages (e.g. the object file's name)
     * @throws VerifierException if the kernel's BTF checker refuses it, with its log
     */
    public static OwnedFd load(byte[] blob, String name) {
        if (blob == null || blob.length == 0) {
            throw new IllegalArgumentException("BTF '" + name + "': empty blob");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(Attr.BtfLoad.LAYOUT);
            Attr.BtfLoad.BTF.set(attr, arena.allocateFrom(ValueLayout.JAVA_BYTE, blob).address());
            Attr.BtfLoad.BTF_SIZE.set(attr, blob.length);
            return LoggedLoad.run(BpfCommand.BTF_LOAD, attr, LOG, 1, name, null, null);
        }
    }
}
