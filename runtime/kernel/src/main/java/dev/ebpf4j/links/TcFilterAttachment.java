package dev.ebpf4j.links;

import dev.ebpf4j.programs.Program;
import dev.ebpf4j.sys.NetlinkSocket;
import dev.ebpf4j.sys.TcNetlink;

import java.util.List;

/**
 * A tc program held by a cls_bpf filter in direct-action mode on the interface's clsact qdisc, for
 * kernels without TCX or when asked for. The filter has its own priority and handle, which the
 * kernel chose and echoed back; detaching deletes exactly that filter, and only while it still runs
 * the program this attachment put there. The clsact qdisc is never removed. The filter stays when the
 * process ends; {@link #close()} deletes it, {@link #leaveAttached()} lets it outlive this handle.
 */
public final class TcFilterAttachment implements TcAttachment {
    private final NetworkDevice device;
    private final Direction direction;
    private final int priority;
    private final int handle;
    private final boolean createdClsact;
    private volatile int programId;
    private volatile boolean released;

    TcFilterAttachment(NetworkDevice device, Direction direction, int priority, int handle, int programId, boolean createdClsact) {
        this.device = device;
        this.direction = direction;
        this.priority = priority;
        this.handle = handle;
        this.programId = programId;
        this.createdClsact = createdClsact;
    }

    /**
     * The cls_bpf filter running {@code program} on {@code device}'s clsact in {@code direction},
     * if there is one (made by this process or another): a handle that deletes exactly it.
     */
    public static java.util.Optional<TcFilterAttachment> find(NetworkDevice device, Direction direction, Program program) {
        int id = program.id();
        return device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                if (TcNetlink.qdiscs(socket, device.index()).stream().noneMatch(q -> q.kind().equals("clsact"))) {
                    return java.util.Optional.<TcFilterAttachment>empty();
                }
                return TcNetlink.filters(socket, device.index(), direction.clsactParent()).stream()
                        .filter(f -> f.kind().equals("bpf") && f.programId() == id).findFirst()
                        .map(f -> new TcFilterAttachment(device, direction, f.priority(), f.handle(), id, false));
            }
        });
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public NetworkDevice device() {
        return device;
    }

    @Override
    public Mechanism mechanism() {
        return Mechanism.NETLINK;
    }

    /** The filter's priority ({@code tc filter show}'s {@code pref}). */
    public int priority() {
        return priority;
    }

    /** The filter's handle. */
    public int handle() {
        return handle;
    }

    /** Whether this attachment created the clsact qdisc (which stays, whatever happens to the filter). */
    public boolean createdClsact() {
        return createdClsact;
    }

    @Override
    public int programId() {
        return programId;
    }

    /** Replaces the filter's program in place (same priority and handle), if the filter still runs ours. */
    @Override
    public synchronized void update(Program replacement) {
        TcAttacher.checkType(replacement, device, direction);
        device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                ours(socket, "replace");
                TcNetlink.addBpfFilter(socket, device.index(), direction.clsactParent(), priority, handle,
                        replacement.fd(), TcAttacher.filterName(replacement), true);
            }
            return null;
        });
        programId = replacement.id();
    }

    /**
     * Deletes the filter, if it still runs the program this attachment put there.
     *
     * @throws AttachException if the filter is gone or runs another program (left as it is)
     */
    @Override
    public synchronized void detach() {
        if (released) {
            throw new IllegalStateException("this tc filter on " + device.name() + " was detached or released");
        }
        released = true;
        device.call(() -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                ours(socket, "delete");
                TcNetlink.deleteFilter(socket, device.index(), direction.clsactParent(), priority, handle, "bpf");
            }
            return null;
        });
    }

    /** Releases this handle and leaves the filter in place (as {@code tc filter add} does). */
    public synchronized void leaveAttached() {
        released = true;
    }

    /** Deletes the filter if it still runs our program; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (!released) {
            try {
                detach();
            } catch (AttachException e) {
                // Someone removed or replaced it since: not ours to delete any more.
            }
        }
    }

    private void ours(NetlinkSocket socket, String what) {
        List<TcNetlink.Filter> filters = TcNetlink.filters(socket, device.index(), direction.clsactParent());
        for (TcNetlink.Filter f : filters) {
            if (f.priority() == priority && f.handle() == handle) {
                if (f.kind().equals("bpf") && f.programId() == programId) {
                    return;
                }
                throw new AttachException(AttachException.Reason.HOOK_TAKEN, "cannot " + what + " the tc " + direction.word() + " filter pref " + priority
                        + " handle 0x" + Integer.toHexString(handle) + " on " + device.name() + ": it now runs "
                        + (f.kind().equals("bpf") ? "program " + f.programId() : "a " + f.kind() + " classifier")
                        + ", not program " + programId + "; left as it is");
            }
        }
        throw new AttachException(AttachException.Reason.STALE, "cannot " + what + " the tc " + direction.word() + " filter pref " + priority
                + " handle 0x" + Integer.toHexString(handle) + " on " + device.name() + ": it is gone");
    }

    @Override
    public String toString() {
        return "tc " + direction.word() + " on " + device + ": program " + programId + ", cls_bpf filter pref "
                + priority + " handle 0x" + Integer.toHexString(handle) + " (netlink)";
    }
}
