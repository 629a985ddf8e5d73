package dev.ebpf4j.processor.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.testing.ExternalTool;
import dev.ebpf4j.testing.PrivateBpffs;
import dev.ebpf4j.testing.RequiresBpf;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several fields changed together under a value's {@code bpf_spin_lock} ({@code withLock}): the
 * kernel accepts the map (its value's BTF holds the {@code struct bpf_spin_lock} member) and the
 * program (no call while the lock is held), from our object and from clang's of the C rendering;
 * the JVM and both objects leave the same maps; test runs from several threads at once lose no
 * move and a reader taking the lock ({@code BPF_F_LOCK}) never sees one half made; the same moves
 * made with get and put, without a lock, lose some.
 */
@Tag("kernel")
class SpinLockKernelTest {
    static final String TRANSFERS = """
            package locks;

            import dev.ebpf4j.program.*;
            import dev.ebpf4j.program.maps.*;

            @BpfProgram(license = "GPL")
            public final class Transfers {
                public record Account(SpinLock lock, long balance, long reserve, int moves) {}
                public record Plain(long balance, long reserve, int moves) {}
                /** Balance and reserve far apart, with changes between them: a copy made without the lock may fall between. */
                public record Ledger(SpinLock lock, long balance, long a, long b, long c, long d, long e, long f, long g, long h, long reserve) {}

                @MapDef(maxEntries = 2)
                static final BpfArray<Account> accounts = new BpfArray<>();
                @MapDef(maxEntries = 4)
                static final BpfHashMap<Integer, Account> byLength = new BpfHashMap<>();
                @MapDef(maxEntries = 1)
                static final BpfArray<Plain> plain = new BpfArray<>();
                @MapDef(maxEntries = 4)
                static final BpfHashMap<Integer, Account> perSlot = new BpfHashMap<>();
                @MapDef(maxEntries = 1)
                static final BpfArray<Ledger> ledger = new BpfArray<>();

                /** Moves the frame's length from balance to reserve, counting the move, all under the lock. */
                @Xdp
                public static XdpAction move(XdpContext ctx) {
                    long amount = ctx.length();
                    int slot = amount > 100 ? 1 : 0;
                    accounts.withLock(slot, a -> {
                        a.add(Account::balance, -amount);
                        a.add(Account::reserve, amount);
                        a.set(Account::moves, a.get(Account::moves) + 1);
                    });
                    // inserted by the program, then counted atomically and summed under the lock
                    perSlot.addOrInsert(slot, Account::moves, 1, new Account(SpinLock.UNLOCKED, 0, 0, 0));
                    perSlot.withLock(slot, a -> a.add(Account::balance, amount));
                    // present only where user space put it: the verdict says whether it was there
                    boolean known = byLength.withLock((int) amount & 3, a -> {
                        a.add(Account::moves, 1);
                        // pays out only what the balance covers: reads under the lock decide
                        a.set(Account::balance, a.get(Account::balance) >= amount ? a.get(Account::balance) - amount : a.get(Account::balance));
                        a.set(Account::reserve, a.get(Account::reserve) + amount * 2);
                    });
                    return known ? XdpAction.DROP : XdpAction.PASS;
                }

                /** A move with eight more changes between its two halves. */
                @Xdp
                public static XdpAction moveSlowly(XdpContext ctx) {
                    long amount = ctx.length();
                    ledger.withLock(0, l -> {
                        l.add(Ledger::balance, -amount);
                        l.set(Ledger::a, l.get(Ledger::a) * 3 + 1);
                        l.set(Ledger::b, l.get(Ledger::a) * 3 + 1);
                        l.set(Ledger::c, l.get(Ledger::b) * 3 + 1);
                        l.set(Ledger::d, l.get(Ledger::c) * 3 + 1);
                        l.set(Ledger::e, l.get(Ledger::d) * 3 + 1);
                        l.set(Ledger::f, l.get(Ledger::e) * 3 + 1);
                        l.set(Ledger::g, l.get(Ledger::f) * 3 + 1);
                        l.set(Ledger::h, l.get(Ledger::g) * 3 + 1);
                        l.add(Ledger::reserve, amount);
                    });
                    return XdpAction.PASS;
                }

                /** The same move as programs made it before: get, a new record, put; nothing stops another CPU in between. */
                @Xdp
                public static XdpAction moveWithoutLock(XdpContext ctx) {
                    long amount = ctx.length();
                    Plain p = plain.get(0);
                    if (p != null) plain.put(0, new Plain(p.balance() - amount, p.reserve() + amount, p.moves() + 1));
                    return XdpAction.PASS;
                }
            }
            """;

    private static InProcessCompiler.Output output;

    @BeforeAll
    static void compile() throws Exception {
        output = InProcessCompiler.compileOrFail(Files.createTempDirectory("ebpf4j-spin-lock"), Map.of("locks.Transfers", TRANSFERS));
    }

    @Test
    void theCRenderingTakesTheLockAsTheKernelsHeadersDo() {
        String c = new String(output.resource("locks/Transfers.bpf.c"));
        assertTrue(c.contains("struct bpf_spin_lock lock;"), c);
        assertTrue(c.matches("(?s).*bpf_spin_lock\\(&\\w+->lock\\);\\s+\\w+->balance \\+= .*;\\s+\\w+->reserve \\+= \\w+;"
                + "\\s+\\w+->moves = [^;]*\\w+->moves[^;]*;\\s+bpf_spin_unlock\\(&\\w+->lock\\);.*"), c);
    }

    @Test
    @RequiresBpf
    void theJvmOurObjectAndClangsLeaveTheSameMaps() throws Exception {
        for (String object : List.of("ours", "clang's")) {
            try (URLClassLoader loader = output.classLoader(); LoadedObject loaded = load(object)) {
                Class<?> program = loader.loadClass("locks.Transfers");
                Class<?> accountType = loader.loadClass("locks.Transfers$Account");
                Method move = program.getMethod("move", XdpContext.class);
                InMemoryMaps.clear(program);
                BpfArray<Object> accounts = InProcessCompiler.staticField(program, "accounts");
                BpfHashMap<Object, Object> byLength = InProcessCompiler.staticField(program, "byLength");
                KernelMap<Object, Object> kernelAccounts = kernelMap(loaded, "accounts", Integer.class, accountType);
                KernelMap<Object, Object> kernelByLength = kernelMap(loaded, "byLength", Integer.class, accountType);
                for (int key : new int[] {1, 2}) {
                    Object start = accountType.getDeclaredConstructors()[0].newInstance(SpinLock.UNLOCKED, 1000L * key, 0L, 0);
                    byLength.put(key, start);
                    kernelByLength.put(key, start);
                }
                Program kernelMove = loaded.program("move");
                Random random = new Random(22);
                for (int i = 0; i < 300; i++) {
                    byte[] frame = FrameBuilder.udp(1000, 53).payload(random.nextInt(120)).build();
                    XdpAction expected = (XdpAction) move.invoke(null, XdpContext.of(frame));
                    assertEquals(expected.code(), kernelMove.testRun(frame, 1).retval(), object + ": verdict of frame " + i);
                }
                for (int slot = 0; slot < 2; slot++) {
                    assertEquals(accounts.get(slot), kernelAccounts.get(slot), object + ": accounts[" + slot + "]");
                }
                assertEquals(byLength.entries(), Map.copyOf(kernelByLength.entries()), object + ": byLength");
                BpfHashMap<Object, Object> perSlot = InProcessCompiler.staticField(program, "perSlot");
                assertEquals(perSlot.entries(), Map.copyOf(kernelMap(loaded, "perSlot", Integer.class, accountType).entries()),
                        object + ": perSlot");
                assertEquals(2, perSlot.size(), "both slots inserted");
                assertTrue((Integer) accountType.getMethod("moves").invoke(accounts.get(1)) > 50, "both slots moved");
            }
        }
    }

    @Test
    @RequiresBpf
    void severalThreadsLoseNoMoveAndALockedReaderNeverSeesOneHalfMade() throws Exception {
        for (String object : List.of("ours", "clang's")) {
            try (URLClassLoader loader = output.classLoader(); LoadedObject loaded = load(object)) {
                Class<?> accountType = loader.loadClass("locks.Transfers$Account");
                KernelMap<Object, Object> accounts = kernelMap(loaded, "accounts", Integer.class, accountType);
                Method balance = accountType.getMethod("balance");
                Method reserve = accountType.getMethod("reserve");
                byte[] frame = FrameBuilder.udp(1000, 53).payload(10).build();
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong reads = new AtomicLong();
                AtomicLong halfMade = new AtomicLong();
                Thread reader = new Thread(() -> {
                    try {
                        while (running.get()) {
                            Object seen = accounts.get(0);
                            reads.incrementAndGet();
                            if ((Long) balance.invoke(seen) + (Long) reserve.invoke(seen) != 0) halfMade.incrementAndGet();
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
                reader.start();
                long runs;
                try {
                    runs = ConcurrentTestRuns.run(loaded.program("move"), frame, 5000);
                } finally {
                    running.set(false);
                    reader.join();
                }
                Object account = accounts.get(0);
                System.out.println("spin lock, " + object + ": " + runs + " moves from several threads, " + reads.get()
                        + " locked reads meanwhile, " + halfMade.get() + " half made");
                assertEquals(0, halfMade.get(), object + ": reads with balance + reserve != 0");
                assertTrue(reads.get() > 0, "the reader ran");
                assertEquals(runs, ((Number) accountType.getMethod("moves").invoke(account)).longValue(), object + ": moves");
                assertEquals(-runs * frame.length, balance.invoke(account), object + ": balance");
                assertEquals(runs * frame.length, reserve.invoke(account), object + ": reserve");
                Object inserted = kernelMap(loaded, "perSlot", Integer.class, accountType).get(0);
                assertEquals(runs, ((Number) accountType.getMethod("moves").invoke(inserted)).longValue(), object + ": inserted moves");
                assertEquals(runs * frame.length, balance.invoke(inserted), object + ": inserted balance");
            }
        }
    }

    @Test
    @RequiresBpf
    @Tag("slow")   // shows a race on two CPUs: under the VMs' emulation it may not happen in bounded time
    void theSameMovesWithoutALockLoseSome() throws Exception {
        try (URLClassLoader loader = output.classLoader(); LoadedObject loaded = load("ours")) {
            Class<?> plainType = loader.loadClass("locks.Transfers$Plain");
            org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1,
                    "one CPU: test runs never overlap, so nothing can be lost");
            byte[] frame = FrameBuilder.udp(1000, 53).payload(10).build();
            KernelMap<Object, Object> plain = kernelMap(loaded, "plain", Integer.class, plainType);
            Method movesOf = plainType.getMethod("moves");
            // on a busy machine the threads' runs may not overlap in one round: a few rounds, until a move is lost
            long runs = 0;
            long moves = 0;
            for (int round = 0; round < 10 && moves == runs; round++) {
                runs += ConcurrentTestRuns.run(loaded.program("moveWithoutLock"), frame, 5000);
                moves = ((Number) movesOf.invoke(plain.get(0))).longValue();
            }
            System.out.println("without a lock: " + runs + " moves from several threads, " + (runs - moves) + " lost");
            assertTrue(moves < runs, "get and put from several CPUs lose moves: " + moves + " of " + runs);
        }
    }

    @Test
    @RequiresBpf
    @Tag("slow")   // shows a race on two CPUs: under the VMs' emulation it may not happen in bounded time
    void aReaderWithoutTheLockSeesMovesHalfMadeAndOneWithItNever() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1,
                "one CPU: a program never runs while user space copies");
        try (LoadedObject loaded = load("ours"); java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            dev.ebpf4j.maps.MapHandle ledger = loaded.map("ledger");
            java.lang.foreign.MemorySegment key = arena.allocate(4);
            java.lang.foreign.MemorySegment value = arena.allocate(ledger.valueSize());
            byte[] frame = FrameBuilder.udp(1000, 53).payload(10).build();
            long[] plain = new long[2];
            long[] locked = new long[2];
            Program move = loaded.program("moveSlowly");
            for (int round = 0; round < 10 && plain[1] == 0; round++) {
                AtomicBoolean running = new AtomicBoolean(true);
                Thread writers = new Thread(() -> {
                    try {
                        ConcurrentTestRuns.run(move, frame, 5000);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        running.set(false);
                    }
                });
                writers.start();
                boolean withLock = false;
                while (running.get()) {
                    long[] counts = withLock ? locked : plain;
                    if (withLock) ledger.lookupLocked(key, value);
                    else ledger.lookup(key, value);
                    counts[0]++;
                    if (value.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8) + value.get(java.lang.foreign.ValueLayout.JAVA_LONG, 80) != 0) {
                        counts[1]++;
                    }
                    withLock = !withLock;
                }
                writers.join();
            }
            System.out.println("spin lock, reads of a slow move: without BPF_F_LOCK " + plain[0] + " reads, " + plain[1]
                    + " half made; with it " + locked[0] + " reads, " + locked[1] + " half made");
            assertEquals(0, locked[1], "locked reads half made");
            assertTrue(plain[1] > 0, "unlocked reads never fell between the halves of a move in " + plain[0] + " reads");
        }
    }

    @Test
    @RequiresBpf
    void bpftoolLoadsTheObjectAndTheKernelShowsTheLockHelpers() throws Exception {
        ExternalTool bpftool = ExternalTool.require("bpftool");
        Path object = Files.createTempFile("ebpf4j-spin-lock", ".bpf.o");
        try (PrivateBpffs bpffs = PrivateBpffs.mount()) {
            Files.write(object, output.resource("locks/Transfers.bpf.o"));
            Path pins = bpffs.dir().resolve("locks");
            ExternalTool.Result load = bpftool.run("prog", "loadall", object.toString(), pins.toString());
            assertEquals(0, load.exitCode(), load.stderr());
            ExternalTool.Result dump = bpftool.run("prog", "dump", "xlated", "pinned", pins.resolve("move").toString());
            assertEquals(0, dump.exitCode(), dump.stderr());
            String xlated = dump.stdout();
            assertTrue(xlated.contains("bpf_spin_lock") && xlated.contains("bpf_spin_unlock"), xlated);
        } finally {
            Files.deleteIfExists(object);
        }
    }

    private static LoadedObject load(String object) {
        return Kernel.load(object.equals("ours") ? output.resource("locks/Transfers.bpf.o") : output.clangObject("locks/Transfers"));
    }

    @SuppressWarnings("unchecked")
    private static KernelMap<Object, Object> kernelMap(LoadedObject loaded, String name, Class<?> key, Class<?> value) {
        return KernelMaps.of(loaded.map(name), (Class<Object>) key, (Class<Object>) value);
    }
}
