package dev.ebpf4j.junit;

import java.lang.reflect.Parameter;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Generated skeletons as test parameters: {@code void test(PortFilterSkeleton filter)} gets the
 * program loaded into the kernel for that test and closed after it (its maps and programs released,
 * its attachments detached), or loaded once for the class with {@link LoadedPerClass}. Before each
 * test the JVM side of every such program (the static map fields its entry methods use on the JVM)
 * is emptied, so tests do not see each other's entries. Registered by {@link KernelTest}; usable alone
 * with {@code @ExtendWith(SkeletonParameters.class)}.
 */
public final class SkeletonParameters implements ParameterResolver, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SkeletonParameters.class);

    /** Made by JUnit Jupiter, through {@code @KernelTest} or {@code @ExtendWith}. */
    public SkeletonParameters() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SkeletonType.of(parameter.getParameter().getType()).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SkeletonType type = SkeletonType.of(parameter.getParameter().getType()).orElseThrow();
        ExtensionContext owner = perClass(parameter.getParameter(), context) ? classContext(context) : context;
        // The store closes what it holds when its context ends (AutoCloseable values, Jupiter 5.13 and later).
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(type.skeleton(), key -> type.load(), AutoCloseable.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Parameter parameter : context.getRequiredTestMethod().getParameters()) {
            SkeletonType.of(parameter.getType()).ifPresent(SkeletonType::clearJvmMaps);
        }
    }

    private static boolean perClass(Parameter parameter, ExtensionContext context) {
        return parameter.isAnnotationPresent(LoadedPerClass.class)
                || context.getTestClass().map(type -> AnnotationSupport.isAnnotated(type, LoadedPerClass.class)).orElse(false);
    }

    /** The context of the test class, whose store lives until the class's last test has run. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
