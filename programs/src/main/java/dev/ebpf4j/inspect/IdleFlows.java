package dev.ebpf4j.inspect;

import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.program.maps.EbpfMap;
import java.time.Duration;
import java.util.Map;

/**
 * User space's half of {@link FlowTracker} (and of {@link ConnectionEvents}' flow table): removing
 * the flows that have been idle for longer than a limit, which the LRU would otherwise evict only
 * when the table is full.
 *
 * <pre>{@code
 * int removed = IdleFlows.expire(tracker.flows(), Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>{@link Flow#lastNanos()} is the kernel's {@code bpf_ktime_get_ns}, the monotonic clock that
 * {@link System#nanoTime()} reads on Linux, so the two compare. A flow that gets a segment between
 * the read and the removal is removed all the same, and starts again with its next segment.
 */
public final class IdleFlows {
    private IdleFlows() {
    }

    /** Removes the flows of {@code flows} idle for longer than {@code idle}; returns how many it removed. */
    public static int expire(KernelMap<FlowKey, Flow> flows, Duration idle) {
        return expire(flows, flows.entries(), idle.toNanos(), System.nanoTime());
    }

    /** Removes from {@code flows} those of {@code entries} last seen more than {@code idleNanos} before {@code nowNanos}. */
    static int expire(EbpfMap<FlowKey, Flow> flows, Map<FlowKey, Flow> entries, long idleNanos, long nowNanos) {
        int removed = 0;
        for (Map.Entry<FlowKey, Flow> entry : entries.entrySet()) {
            if (nowNanos - entry.getValue().lastNanos() > idleNanos && flows.remove(entry.getKey())) removed++;
        }
        return removed;
    }
}
