package dev.ebpf4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.inspect.FlowTracker.Flow;
import dev.ebpf4j.inspect.FlowTracker.FlowKey;
import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.testing.RequiresBpf;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Idle flows are removed from the tracker's table by their last-seen time, in the kernel's clock. */
class IdleFlowsTest {
    private static Flow seenAt(long nanos) {
        return new Flow(nanos, nanos, 1, 60, 0, 0, 2, 0, Flows.SYN_SENT);
    }

    @Test
    void flowsIdleLongerThanTheLimitAreRemovedTheOthersKept() {
        FlowKey old = new FlowKey(0, 1, 0, 2, 40000, 80);
        FlowKey recent = new FlowKey(0, 1, 0, 2, 40001, 80);
        FlowKey edge = new FlowKey(0, 1, 0, 2, 40002, 80);
        FlowTracker.flows.clear();
        FlowTracker.flows.put(old, seenAt(1_000));
        FlowTracker.flows.put(recent, seenAt(9_500));
        FlowTracker.flows.put(edge, seenAt(9_000));
        assertEquals(1, IdleFlows.expire(FlowTracker.flows, FlowTracker.flows.entries(), 1_000, 10_000));
        assertEquals(Set.of(recent, edge), FlowTracker.flows.entries().keySet(), "idle exactly the limit: kept");
        FlowTracker.flows.clear();
    }

    /** In the kernel: the program's own entry, seen just now, stays; one last seen a minute ago goes. */
    @Test
    @RequiresBpf
    void theKernelsTimestampsCompareWithTheJvmsClock() {
        try (FlowTrackerSkeleton tracker = FlowTrackerSkeleton.load()) {
            assertEquals(TcAction.UNSPEC.code(), tracker.ingress().testRun(FrameBuilder.tcp(40000, 80).flags(2).build(), 1).retval());
            FlowKey stale = new FlowKey(0, 7, 0, 8, 1, 2);
            tracker.flows().put(stale, seenAt(System.nanoTime() - Duration.ofMinutes(1).toNanos()));
            assertEquals(2, tracker.flows().entries().size());
            assertEquals(1, IdleFlows.expire(tracker.flows(), Duration.ofSeconds(30)));
            List<FlowKey> left = tracker.flows().keys();
            assertEquals(1, left.size());
            assertEquals(40000, left.getFirst().aPort(), "the live one (10.0.0.1:40000 to 10.0.0.2:80) stayed");
        }
    }
}
