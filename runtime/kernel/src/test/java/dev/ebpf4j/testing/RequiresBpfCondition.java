package dev.ebpf4j.testing;

import dev.ebpf4j.sys.BpfAvailable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link RequiresBpf} for JUnit Jupiter: a condition, not an assumption in the test, so that a class
 * is skipped before its {@code @BeforeAll} and a test before its {@code @BeforeEach}.
 */
public final class RequiresBpfCondition implements ExecutionCondition {
    /** Made by JUnit Jupiter, through {@code @RequiresBpf}. */
    public RequiresBpfCondition() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return BpfAvailable.skipReason()
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("bpf() allowed"));
    }
}
