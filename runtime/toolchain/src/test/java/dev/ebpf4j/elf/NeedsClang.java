package dev.ebpf4j.elf;

import dev.ebpf4j.testing.ExternalTool;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property, saying why, when clang-19 is missing: jqwik reports JUnit's
 * assumption failures inside a property as errors, so properties need this hook instead.
 */
public class NeedsClang implements SkipExecutionHook {
    static final String TOOL = "clang-19";

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (ExternalTool.find(TOOL).isPresent()) {
            return SkipResult.doNotSkip();
        }
        String reason = "skipped: " + TOOL + " is not on the PATH (install it to run this test)";
        System.err.println(context.label() + " " + reason);
        return SkipResult.skip(reason);
    }
}
