package dev.ebpf4j.junit;

import dev.ebpf4j.program.TcAction;
import dev.ebpf4j.program.TcContext;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.MapDef;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.programs.TestRunResult;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs a program's entry method on the JVM and, through its loaded skeleton, in the kernel
 * ({@code BPF_PROG_TEST_RUN}) on the same frames, and compares what each did: the verdict and the
 * packet after each frame, and every map of the program ({@code @MapDef} fields) after the last. The
 * JVM is the reference a user reasons about; the kernel is what ships: they must agree.
 *
 * <pre>{@code
 * @KernelTest
 * void theKernelAgreesWithTheJvm(PortFilterSkeleton filter) {
 *     PortFilter.blockedPorts.put(23, (byte) 1);                  // the JVM maps, copied to the kernel's
 *     Differential.of(filter, "filter").run(frames).assertAgree();
 * }
 * }</pre>
 *
 * <p>Before the run the kernel's maps are made to hold what the JVM's hold (hash maps, arrays and LPM
 * tries copied; per-CPU maps and ring buffers emptied on both sides), unless
 * {@link #keepingKernelMaps()} says both sides were set up by hand. Per-CPU maps are compared by
 * their sums over CPUs, ring buffers by their records in order.
 */
public final class Differential {
    /** BPF_PROG_TEST_RUN refuses shorter data for XDP and tc programs (EINVAL). */
    private static final int ETHERNET_HEADER = 14;
    private final SkeletonType type;
    private final Object skeleton;
    private final Method entry;
    private final Program program;
    private final List<MapPair> maps;
    private final boolean copyMaps;

    private Differential(SkeletonType type, Object skeleton, Method entry, Program program, List<MapPair> maps, boolean copyMaps) {
        this.type = type;
        this.skeleton = skeleton;
        this.entry = entry;
        this.program = program;
        this.maps = maps;
        this.copyMaps = copyMaps;
    }

    /**
     * The entry method {@code entry} of the program {@code skeleton} was generated for, on the JVM and
     * as the skeleton's program of that name in the kernel.
     *
     * @throws IllegalArgumentException naming what is missing: not a skeleton, no such entry method,
     *     a map the skeleton does not have
     */
    public static Differential of(AutoCloseable skeleton, String entry) {
        SkeletonType type = SkeletonType.of(skeleton.getClass()).orElseThrow(() -> new IllegalArgumentException(
                "Differential: " + skeleton.getClass().getName() + " is not a skeleton the ebpf4j processor generated"));
        Method method = entryMethod(type.program(), entry);
        Program program = (Program) accessor(skeleton, entry, Program.class, "program");
        List<MapPair> maps = new ArrayList<>();
        for (Field field : type.program().getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || !field.isAnnotationPresent(MapDef.class)) continue;
            try {
                field.setAccessible(true);
                maps.add(new MapPair(field.getName(), field.get(null), accessor(skeleton, field.getName(), Object.class, "map")));
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("Differential:")) throw iae;
                throw new IllegalArgumentException("Differential: cannot read the map field " + type.program().getName() + "."
                        + field.getName() + " (a program in a named module must open its package): " + e.getMessage(), e);
            }
        }
        return new Differential(type, skeleton, method, program, List.copyOf(maps), true);
    }

    /** The same check, leaving the kernel's maps as they are: both sides were set up alike by the test. */
    public Differential keepingKernelMaps() {
        return new Differential(type, skeleton, entry, program, maps, false);
    }

    /** Runs every frame on both sides, in order, and says where they parted. */
    public DifferentialResult run(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).length < ETHERNET_HEADER) {
                throw new IllegalArgumentException("Differential: frame " + i + " is " + frames.get(i).length + " bytes; the kernel test-runs frames of "
                        + ETHERNET_HEADER + " bytes (an Ethernet header) or more");
            }
        }
        if (copyMaps) maps.forEach(MapPair::copyJvmToKernel);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            byte[] onJvm = frame.clone();
            int jvmVerdict = runOnJvm(onJvm);
            TestRunResult inKernel = program.testRun(frame, 1);
            if (jvmVerdict != inKernel.retval()) {
                disagreements.add("frame " + i + ": verdict " + jvmVerdict + " on the JVM, " + inKernel.retval() + " in the kernel; frame "
                        + HexFormat.of().formatHex(frame));
            }
            byte[] kernelOut = inKernel.dataOut() == null ? frame : inKernel.dataOut();
            if (!Arrays.equals(onJvm, kernelOut)) {
                disagreements.add("frame " + i + ": packet after the JVM " + HexFormat.of().formatHex(onJvm) + ", after the kernel "
                        + HexFormat.of().formatHex(kernelOut));
            }
        }
        for (MapPair map : maps) disagreements.addAll(map.differences());
        return new DifferentialResult(type.program().getSimpleName() + "." + entry.getName(), frames.size(), disagreements);
    }

    private int runOnJvm(byte[] frame) {
        Object context = entry.getParameterTypes()[0] == XdpContext.class ? XdpContext.of(frame) : TcContext.of(frame);
        Object verdict;
        try {
            verdict = entry.invoke(null, context);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Differential: cannot call " + entry + ": " + e.getMessage(), e);
        }
        return switch (verdict) {
            case XdpAction action -> action.code();
            case TcAction action -> action.code();
            case Integer code -> code;
            default -> throw new IllegalStateException("Differential: " + entry + " returned " + verdict + ", not a verdict");
        };
    }

    private static Method entryMethod(Class<?> program, String name) {
        for (Method method : program.getDeclaredMethods()) {
            if (method.getName().equals(name) && Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1
                    && (method.getParameterTypes()[0] == XdpContext.class || method.getParameterTypes()[0] == TcContext.class)) {
                method.setAccessible(true);
                return method;
            }
        }
        throw new IllegalArgumentException("Differential: " + program.getName() + " has no static entry method " + name
                + "(XdpContext) or " + name + "(TcContext)");
    }

    private static Object accessor(Object skeleton, String name, Class<?> returns, String what) {
        try {
            Method method = skeleton.getClass().getMethod(name);
            if (!returns.isAssignableFrom(method.getReturnType())) throw new NoSuchMethodException(name);
            return method.invoke(skeleton);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Differential: " + skeleton.getClass().getSimpleName() + " has no " + what + " " + name
                    + "(): regenerate it with the ebpf4j processor of this version", e);
        }
    }
}
