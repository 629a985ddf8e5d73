package dev.ebpf4j.testing;

import dev.ebpf4j.sys.BpfAvailable;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * {@link RequiresBpf} for jqwik: jqwik takes an aborted {@code @BeforeContainer} for a failure, so
 * a property class skips through this hook, before its {@code @BeforeContainer} runs.
 */
public final class RequiresBpfHook implements SkipExecutionHook {
    /** Made by jqwik, through {@code @RequiresBpf}. */
    public RequiresBpfHook() {}

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return BpfAvailable.skipReason().map(SkipResult::skip).orElseGet(SkipResult::doNotSkip);
    }
}
