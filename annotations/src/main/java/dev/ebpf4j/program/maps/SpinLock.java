package dev.ebpf4j.program.maps;

/**
 * The lock a map's record value holds, declared as one of its components, so that
 * {@link EbpfMap#withLock} can change several of its fields together: C's {@code struct
 * bpf_spin_lock} (4 bytes) in the value's layout, taken and released by the kernel's
 * {@code bpf_spin_lock} and {@code bpf_spin_unlock} helpers (Linux 5.1).
 *
 * <pre>{@code
 * record Account(SpinLock lock, long balance, long moves) {}
 * @MapDef(maxEntries = 16) static final BpfArray<Account> accounts = new BpfArray<>();
 * }</pre>
 *
 * <p>The kernel keeps it only in hash and array maps ({@link BpfHashMap}, {@link BpfArray}), one
 * lock a value, never in a key, and hides its state: user space and the JVM always see
 * {@link #UNLOCKED}, which is what a new value holds.
 *
 * @param state the lock's word as user space sees it: always 0
 */
public record SpinLock(int state) {
    /** The only value user space and the JVM ever see. */
    public static final SpinLock UNLOCKED = new SpinLock(0);

    public SpinLock {
        if (state != 0) throw new IllegalArgumentException("a SpinLock reads as 0 outside the kernel, not " + state + ": use SpinLock.UNLOCKED");
    }
}
