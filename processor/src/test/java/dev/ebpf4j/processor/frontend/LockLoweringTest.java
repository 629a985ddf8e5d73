package dev.ebpf4j.processor.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code withLock}: one lookup, a null test, and the changes between the lock helpers, with the
 * operands computed first; each misuse the verifier would refuse (a call under the lock, a nested
 * lock, a return inside, two locks, a map kind without locks) is one error that says what to write.
 */
class LockLoweringTest {
    private static final String MAPS = """
            record Account(SpinLock lock, long balance, long reserve, int moves) {}
            @MapDef(maxEntries = 4) static final BpfArray<Account> accounts = new BpfArray<>();
            @MapDef(maxEntries = 4) static final BpfHashMap<Integer, Account> byId = new BpfHashMap<>();
            record Plain(long balance) {}
            @MapDef(maxEntries = 4) static final BpfHashMap<Integer, Plain> plain = new BpfHashMap<>();
            """;

    private static Compiler.Result xdp(String body) {
        return Compiler.xdp(MAPS, body + "\nreturn XdpAction.PASS;");
    }

    @Test
    void theChangesRunBetweenTheLockHelpersWithTheirOperandsComputedFirst() {
        assertEquals("""
                long amount = (long) XDP_LENGTH(ctx)
                *accounts value_ptr = accounts.LOOKUP(1)
                if !isnull(value_ptr) {
                  locked value_ptr->lock {
                    value_ptr->balance += -amount
                    value_ptr->reserve += amount
                    value_ptr->moves += 1
                    value_ptr->moves = 7
                  }
                }
                boolean found = !isnull(value_ptr)
                return (found ? 2 : 1)
                """, Compiler.xdp(MAPS, """
                long amount = ctx.length();
                boolean found = accounts.withLock(1, a -> {
                    a.add(Account::balance, -amount);
                    a.add(Account::reserve, amount);
                    a.add(Account::moves, 1);
                    a.set(Account::moves, 7);
                });
                return found ? XdpAction.PASS : XdpAction.DROP;""").ir("run"));
    }

    @Test
    void aReadOfTheLockedValueIsALoadUnderTheLockAfterTheChangesBeforeIt() {
        assertEquals("""
                long amount = (long) XDP_LENGTH(ctx)
                *accounts value_ptr = accounts.LOOKUP(0)
                if !isnull(value_ptr) {
                  locked value_ptr->lock {
                    value_ptr->balance += amount
                    value_ptr->reserve = ((value_ptr->balance >= amount) ? (value_ptr->reserve +L 1L) : value_ptr->reserve)
                  }
                }
                eval !isnull(value_ptr)
                return 2
                """, Compiler.xdp(MAPS, """
                long amount = ctx.length();
                accounts.withLock(0, a -> {
                    a.add(Account::balance, amount);
                    a.set(Account::reserve, a.get(Account::balance) >= amount ? a.get(Account::reserve) + 1 : a.get(Account::reserve));
                });
                return XdpAction.PASS;""").ir("run"));
    }

    @Test
    void aCallUnderTheLockIsRefusedWithTheLocalToComputeFirst() {
        xdp("accounts.withLock(0, a -> a.add(Account::balance, Bpf.nanoTime()));").assertError(14, 63,
                "'Bpf.nanoTime()' would run while accounts's value is locked, and the verifier allows no call under bpf_spin_lock:"
                        + " compute it into a local before withLock (long x = Bpf.nanoTime();)");
    }

    @Test
    void aNestedLockIsRefused() {
        Compiler.Result result = xdp("accounts.withLock(0, a -> { byId.withLock(1, b -> b.add(Account::moves, 1)); });");
        assertTrue(result.errorText().contains("withLock inside withLock: the kernel lets a program hold one bpf_spin_lock at a time"),
                result::errorText);
    }

    @Test
    void aReturnInsideIsRefused() {
        Compiler.Result result = xdp("accounts.withLock(0, a -> { a.add(Account::moves, 1); return; });");
        assertTrue(result.errorText().contains("a return inside withLock would leave accounts's value locked"), result::errorText);
    }

    @Test
    void anIfInsideIsRefused() {
        Compiler.Result result = xdp("int n = ctx.length(); accounts.withLock(0, a -> { if (n > 1) a.add(Account::moves, 1); });");
        assertTrue(result.errorText().contains("withLock's body holds only v.add(...) and v.set(...) statements"), result::errorText);
    }

    @Test
    void theLockItselfIsNoFieldAndJavacSaysSo() {
        Compiler.Result result = xdp("accounts.withLock(0, a -> a.set(Account::lock, 1));");
        assertTrue(result.errorText().contains("SpinLock cannot be converted to long"), result::errorText);
    }

    @Test
    void aRecordWithoutALockIsToldToDeclareOne() {
        Compiler.Result result = xdp("plain.withLock(0, a -> a.add(Plain::balance, 1));");
        assertTrue(result.errorText().contains("'withLock' takes the SpinLock of the value, and Plain, the value of 'plain', declares"
                + " none: add one (record Plain(SpinLock lock, ...))"), result::errorText);
    }

    @Test
    void aNewValueIsBuiltInTheMapCallWithItsLockUnlocked() {
        assertEquals("""
                int n = XDP_LENGTH(ctx)
                eval byId.PUT_IF_ABSENT(n, P_Account{0, 0L, 0L, n})
                return 2
                """, Compiler.xdp(MAPS, "int n = ctx.length(); byId.putIfAbsent(n, new Account(SpinLock.UNLOCKED, 0, 0, n));"
                + "\nreturn XdpAction.PASS;").ir("run"));
        Compiler.Result other = xdp("byId.put(1, new Account(new SpinLock(0), 0, 0, 0));");
        assertTrue(other.errorText().contains("the SpinLock of a new Account is SpinLock.UNLOCKED"), other::errorText);
    }

    @Test
    void copyingALockedValueIsRefused() {
        Compiler.Result get = xdp("if (accounts.get(0) != null) return XdpAction.DROP;");
        assertTrue(get.errorText().contains("'accounts.get' would copy the whole Account, its SpinLock too"), get::errorText);
        Compiler.Result held = xdp("Account a = byId.get(0); if (a != null && a.moves() > 1) return XdpAction.DROP;");
        assertTrue(held.errorText().contains("'byId.get' would copy the whole Account, its SpinLock too"), held::errorText);
        Compiler.Result variable = xdp("Account a = new Account(SpinLock.UNLOCKED, 0, 0, 0); byId.put(1, a);");
        assertTrue(variable.errorText().contains("a Account holds a SpinLock, which a program never copies: build it in the map call"),
                variable::errorText);
    }

    @Test
    void twoLocksAndMapKindsWithoutLocksAreRefusedAtTheDeclaration() {
        Compiler.Result two = Compiler.xdp("record Two(SpinLock a, SpinLock b, long n) {}\n"
                + "@MapDef(maxEntries = 4) static final BpfArray<Two> twos = new BpfArray<>();", "return XdpAction.PASS;");
        assertTrue(two.errorText().contains("record Two declares a second SpinLock ('b' after 'a'): the kernel allows one"),
                two::errorText);
        Compiler.Result lru = Compiler.xdp(MAPS + "@MapDef(maxEntries = 4) static final BpfLruHashMap<Integer, Account> recent"
                + " = new BpfLruHashMap<>();", "return XdpAction.PASS;");
        assertTrue(lru.errorText().contains("map 'recent' is a BpfLruHashMap and its value Account holds a SpinLock: the kernel"
                + " keeps a bpf_spin_lock only in hash maps and arrays; declare it a BpfHashMap or a BpfArray"), lru::errorText);
        Compiler.Result key = Compiler.xdp(MAPS + "@MapDef(maxEntries = 4) static final BpfHashMap<Account, Long> byAccount"
                + " = new BpfHashMap<>();", "return XdpAction.PASS;");
        assertTrue(key.errorText().contains("holds a SpinLock, and the kernel locks values only"), key::errorText);
    }
}
