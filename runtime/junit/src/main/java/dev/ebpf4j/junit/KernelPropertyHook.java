package dev.ebpf4j.junit;

import dev.ebpf4j.types.ProgramType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link KernelTest} for jqwik properties and property classes: a refusal skips with the reason, or,
 * under {@code -Debpf4j.requireKernel=true}, fails each property before its first try. A generated
 * skeleton as a parameter beside the {@code @ForAll} ones is loaded once for the property (the
 * verifier does not run on every try) and closed after it; before each try the program's JVM maps are
 * emptied. Propagates to the properties of an annotated class. Registered by {@code @KernelTest}.
 */
public final class KernelPropertyHook implements SkipExecutionHook, AroundPropertyHook, AroundTryHook, ResolveParameterHook {
    /** The skeletons loaded for the current property, by class: closed when the property has run. */
    private static final Object LOADED = KernelPropertyHook.class.getName() + ".loaded";

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
        Store<Map<Class<?>, AutoCloseable>> loaded = Store.getOrCreate(LOADED, Lifespan.PROPERTY, LinkedHashMap::new);
        try {
            return property.execute();
        } finally {
            closeAll(loaded.get().values());
        }
    }

    /** A skeleton parameter (one not generated with {@code @ForAll}): loaded once for the property, closed after its last try. */
    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext context) {
        Optional<SkeletonType> type = SkeletonType.of(parameter.parameter().getType());
        return type.map(skeleton -> ignoredTry -> {
            Store<Map<Class<?>, AutoCloseable>> loaded = Store.getOrCreate(LOADED, Lifespan.PROPERTY, LinkedHashMap::new);
            return loaded.get().computeIfAbsent(skeleton.skeleton(), key -> skeleton.load());
        });
    }

    /** Before each try, the JVM side of every skeleton parameter's program starts empty, as before each Jupiter test. */
    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        for (Object parameter : parameters) {
            if (parameter != null) SkeletonType.of(parameter.getClass()).ifPresent(SkeletonType::clearJvmMaps);
        }
        return aTry.execute(parameters);
    }

    /** Outside the class's own {@code @BeforeTry} methods, so that what they put in the maps stays. */
    @Override
    public int aroundTryProximity() {
        return -100;
    }

    private static void closeAll(Iterable<AutoCloseable> skeletons) {
        RuntimeException failure = null;
        for (AutoCloseable skeleton : skeletons) {
            try {
                skeleton.close();
            } catch (Exception e) {
                if (failure == null) failure = new IllegalStateException("closing " + skeleton.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        if (failure != null) throw failure;
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
