package dev.ebpf4j.skeleton;

import dev.ebpf4j.sys.BpfAvailable;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.opentest4j.TestAbortedException;

/** Skips a jqwik container, with the reason, where bpf() is refused (EPERM); the jqwik form of {@link BpfAvailable#assumeBpf}. */
public final class BpfRequired implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        try {
            BpfAvailable.assumeBpf();
            return SkipResult.doNotSkip();
        } catch (TestAbortedException e) {
            return SkipResult.skip(e.getMessage());
        }
    }
}
