package dev.ebpf4j.junit;

import dev.ebpf4j.types.ProgramType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link KernelTest} for jqwik properties and property classes: a refusal skips with the reason, or,
 * under {@code -Debpf4j.requireKernel=true}, fails each property before its first try. Propagates to
 * the properties of an annotated class, so that the failure reaches them. Registered by
 * {@code @KernelTest}.
 */
public final class KernelPropertyHook implements SkipExecutionHook, AroundPropertyHook {
    /** Made by jqwik, through {@code @KernelTest}. */
    public KernelPropertyHook() {}

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        Optional<String> refusal = KernelAccess.refusal(programTypes(context));
        if (refusal.isEmpty() || required()) {
            return SkipResult.doNotSkip();
        }
        String message = KernelAccess.skipMessage(refusal.get());
        System.out.println(message + " [" + context.label() + "]");
        return SkipResult.skip(message);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Optional<String> refusal = KernelAccess.refusal(programTypes(context));
        if (refusal.isPresent() && required()) {
            throw new AssertionError(KernelAccess.failureMessage(refusal.get()));
        }
        return property.execute();
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    private static boolean required() {
        return Boolean.getBoolean(KernelTest.REQUIRE_KERNEL);
    }

    private static ProgramType[] programTypes(LifecycleContext context) {
        Set<ProgramType> types = new LinkedHashSet<>();
        context.findAnnotation(KernelTest.class).ifPresent(test -> types.addAll(List.of(test.programTypes())));
        context.optionalContainerClass().ifPresent(type -> {
            for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
                AnnotationSupport.findAnnotation(c, KernelTest.class).ifPresent(test -> types.addAll(List.of(test.programTypes())));
            }
        });
        return types.toArray(ProgramType[]::new);
    }
}
