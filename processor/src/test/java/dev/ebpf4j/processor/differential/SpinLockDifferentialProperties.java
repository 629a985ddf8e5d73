package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.processor.fixture.Kernel;
import dev.ebpf4j.program.XdpAction;
import dev.ebpf4j.program.XdpContext;
import dev.ebpf4j.program.maps.BpfArray;
import dev.ebpf4j.program.maps.BpfHashMap;
import dev.ebpf4j.program.maps.InMemoryMaps;
import dev.ebpf4j.program.maps.SpinLock;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The accounts of {@link SpinLockKernelTest} three ways on the same random frames and random
 * starting balances (so the payout under the lock goes both ways, and int counters wrap): on the
 * JVM, the processor's object and clang's object of the C rendering in the kernel. Verdicts and the
 * maps afterwards must agree.
 */
@RequiresBpf
class SpinLockDifferentialProperties {
    private static final int FRAMES = 40;
    private static URLClassLoader loader;
    private static LoadedObject[] objects;
    private static Class<?> program;
    private static Constructor<?> newAccount;

    @BeforeContainer
    static void load() throws Exception {
        InProcessCompiler.Output output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-spin-lock"),
                Map.of("locks.Transfers", SpinLockKernelTest.TRANSFERS));
        loader = output.classLoader();
        program = loader.loadClass("locks.Transfers");
        newAccount = loader.loadClass("locks.Transfers$Account").getDeclaredConstructors()[0];
        objects = new LoadedObject[] {Kernel.load(output.resource("locks/Transfers.bpf.o")),
                Kernel.load(output.clangObject("locks/Transfers"))};
    }

    @AfterContainer
    static void close() throws Exception {
        if (objects != null) for (LoadedObject object : objects) object.close();
        if (loader != null) loader.close();
    }

    @Property(tries = 30)
    void theAccountsAgreeEverywhere(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Object[] slots = {account(random), account(random)};
        Map<Object, Object> byLengthStart = new LinkedHashMap<>();
        Map<Object, Object> perSlotStart = new LinkedHashMap<>();
        for (int key = 0; key < 4; key++) {
            if (random.nextBoolean()) byLengthStart.put(key, account(random));
        }
        if (random.nextBoolean()) perSlotStart.put(random.nextInt(2), account(random));
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) frames.add(FrameBuilder.udp(1000, 53).payload(random.nextInt(140)).build());

        Method move = program.getMethod("move", XdpContext.class);
        InMemoryMaps.clear(program);
        BpfArray<Object> accounts = InProcessCompiler.staticField(program, "accounts");
        BpfHashMap<Object, Object> byLength = InProcessCompiler.staticField(program, "byLength");
        BpfHashMap<Object, Object> perSlot = InProcessCompiler.staticField(program, "perSlot");
        for (int slot = 0; slot < 2; slot++) accounts.put(slot, slots[slot]);
        byLengthStart.forEach(byLength::put);
        perSlotStart.forEach(perSlot::put);
        List<Integer> jvmVerdicts = new ArrayList<>();
        for (byte[] frame : frames) jvmVerdicts.add(((XdpAction) move.invoke(null, XdpContext.of(frame))).code());

        for (LoadedObject object : objects) {
            KernelMap<Object, Object> kernelAccounts = map(object, "accounts");
            KernelMap<Object, Object> kernelByLength = map(object, "byLength");
            KernelMap<Object, Object> kernelPerSlot = map(object, "perSlot");
            kernelByLength.keys().forEach(kernelByLength::remove);
            kernelPerSlot.keys().forEach(kernelPerSlot::remove);
            for (int slot = 0; slot < 2; slot++) kernelAccounts.put(slot, slots[slot]);
            byLengthStart.forEach(kernelByLength::put);
            perSlotStart.forEach(kernelPerSlot::put);
            List<Integer> verdicts = new ArrayList<>();
            for (byte[] frame : frames) verdicts.add(object.program("move").testRun(frame, 1).retval());
            String which = (object == objects[0] ? "our object" : "clang's object") + ", seed " + seed;
            assertEquals(jvmVerdicts, verdicts, which + ": verdicts");
            for (int slot = 0; slot < 2; slot++) {
                assertEquals(accounts.get(slot), kernelAccounts.get(slot), which + ": accounts[" + slot + "]");
            }
            assertEquals(byLength.entries(), Map.copyOf(kernelByLength.entries()), which + ": byLength");
            assertEquals(perSlot.entries(), Map.copyOf(kernelPerSlot.entries()), which + ": perSlot");
        }
    }

    /** Balances around the frame lengths (the payout goes both ways), moves near int's ends (they wrap). */
    private static Object account(Random random) throws ReflectiveOperationException {
        long balance = random.nextBoolean() ? random.nextInt(200) - 20 : random.nextLong();
        int moves = random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(3) : random.nextInt();
        return newAccount.newInstance(SpinLock.UNLOCKED, balance, random.nextLong(), moves);
    }

    @SuppressWarnings("unchecked")
    private static KernelMap<Object, Object> map(LoadedObject object, String name) {
        return KernelMaps.of(object.map(name), (Class<Object>) (Class<?>) Integer.class,
                (Class<Object>) newAccount.getDeclaringClass());
    }
}
