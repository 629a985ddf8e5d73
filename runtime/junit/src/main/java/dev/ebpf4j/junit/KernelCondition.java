package dev.ebpf4j.junit;

import dev.ebpf4j.types.ProgramType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link KernelTest} for JUnit Jupiter. A refusal disables the test with the reason (a skip, in
 * every report); under {@code -Debpf4j.requireKernel=true} the test is left enabled and fails before
 * it starts instead, since a condition can only skip. Registered by {@code @KernelTest}.
 */
public final class KernelCondition implements ExecutionCondition, BeforeEachCallback {
    /** Made by JUnit Jupiter, through {@code @KernelTest}. */
    public KernelCondition() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> refusal = KernelAccess.refusal(programTypes(context));
        if (refusal.isEmpty()) {
            return ConditionEvaluationResult.enabled("the kernel allows it");
        }
        if (required(context)) {
            return ConditionEvaluationResult.enabled("required: fails before it starts");
        }
        String message = KernelAccess.skipMessage(refusal.get());
        System.out.println(message + " [" + context.getDisplayName() + "]");
        return ConditionEvaluationResult.disabled(message);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<String> refusal = KernelAccess.refusal(programTypes(context));
        if (refusal.isPresent() && required(context)) {
            throw new AssertionError(KernelAccess.failureMessage(refusal.get()));
        }
    }

    private static boolean required(ExtensionContext context) {
        // Configuration parameters fall back to system properties, so -D works with any launcher.
        return context.getConfigurationParameter(KernelTest.REQUIRE_KERNEL).map(Boolean::parseBoolean).orElse(false);
    }

    /** The program types named by {@code @KernelTest} on the test and on the classes around it. */
    private static ProgramType[] programTypes(ExtensionContext context) {
        Set<ProgramType> types = new LinkedHashSet<>();
        context.getElement().flatMap(element -> AnnotationSupport.findAnnotation(element, KernelTest.class))
                .ifPresent(test -> types.addAll(List.of(test.programTypes())));
        context.getTestClass().ifPresent(type -> {
            for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
                AnnotationSupport.findAnnotation(c, KernelTest.class).ifPresent(test -> types.addAll(List.of(test.programTypes())));
            }
        });
        return types.toArray(ProgramType[]::new);
    }
}
