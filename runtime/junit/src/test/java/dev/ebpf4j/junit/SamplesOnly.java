package dev.ebpf4j.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a sample test class that the extension's tests run through the launcher, some of which fail
 * on purpose: it runs only when {@link LaunchedTests} runs it, never when a build or a VM guest scans
 * the class path for tests.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SamplesOnly.Condition.class)
@AddLifecycleHook(SamplesOnly.Condition.class)
public @interface SamplesOnly {
    String PROPERTY = "ebpf4j.junit.samples";

    final class Condition implements ExecutionCondition, SkipExecutionHook {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Boolean.getBoolean(PROPERTY) ? ConditionEvaluationResult.enabled("launched as a sample")
                    : ConditionEvaluationResult.disabled("a sample, run only by the extension's own tests");
        }

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean(PROPERTY) ? SkipResult.doNotSkip() : SkipResult.skip("a sample, run only by the extension's own tests");
        }
    }
}
