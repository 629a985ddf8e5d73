package dev.ebpf4j.program.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WithLockTest {
    record Account(SpinLock lock, long balance, long reserve, int moves) {}

    record Unlocked(long balance, long reserve) {}

    record TwoLocks(SpinLock a, SpinLock b, long balance) {}

    @MapDef(maxEntries = 2)
    static final BpfArray<Account> accounts = new BpfArray<>();

    @MapDef(maxEntries = 4)
    static final BpfHashMap<Integer, Account> byId = new BpfHashMap<>();

    @MapDef(maxEntries = 4)
    static final BpfLruHashMap<Integer, Account> recent = new BpfLruHashMap<>();

    @MapDef(maxEntries = 4)
    static final BpfHashMap<Integer, Unlocked> unlocked = new BpfHashMap<>();

    @MapDef(maxEntries = 4)
    static final BpfHashMap<Integer, TwoLocks> twoLocks = new BpfHashMap<>();

    @AfterEach
    void reset() {
        InMemoryMaps.clear(WithLockTest.class);
    }

    @Test
    void changesSeveralFieldsOfAPresentValueAndSaysWhetherItWasThere() {
        assertFalse(byId.withLock(1, account -> account.add(Account::balance, 5)), "absent key");
        assertNull(byId.get(1), "nothing inserted");
        byId.put(1, new Account(SpinLock.UNLOCKED, 100, 0, 0));
        assertTrue(byId.withLock(1, account -> {
            account.add(Account::balance, -30);
            account.add(Account::reserve, 30);
            account.set(Account::moves, account.get(Account::moves) + 1);
        }));
        assertEquals(new Account(SpinLock.UNLOCKED, 70, 30, 1), byId.get(1));
        assertTrue(accounts.withLock(1, account -> account.add(Account::moves, -1)), "an array's element is always there");
        assertEquals(new Account(SpinLock.UNLOCKED, 0, 0, -1), accounts.get(1));
        assertFalse(accounts.withLock(2, account -> account.add(Account::moves, 1)), "outside the array");
    }

    @Test
    void anIntFieldWrapsAsJavasIntDoes() {
        accounts.withLock(0, account -> {
            account.set(Account::moves, Integer.MAX_VALUE);
            account.add(Account::moves, 1);
        });
        assertEquals(Integer.MIN_VALUE, accounts.get(0).moves());
    }

    @Test
    void threadsMovingAmountsBetweenTwoFieldsNeverShowATornValueNorLoseAMove() throws Exception {
        int threads = 4;
        int moves = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] torn = new long[1];
        for (int t = 0; t < threads; t++) {
            long amount = t + 1;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < moves; i++) {
                    accounts.withLock(0, account -> {
                        account.add(Account::balance, -amount);
                        account.add(Account::reserve, amount);
                        account.add(Account::moves, 1);
                    });
                    Account seen = accounts.get(0);
                    if (seen.balance() + seen.reserve() != 0) synchronized (torn) { torn[0]++; }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) worker.join();
        Account account = accounts.get(0);
        assertEquals(0, torn[0], "values seen with one field changed and not the other");
        assertEquals(threads * moves, account.moves(), "moves");
        assertEquals(-(1 + 2 + 3 + 4) * (long) moves, account.balance(), "balance");
        assertEquals((1 + 2 + 3 + 4) * (long) moves, account.reserve(), "reserve");
    }

    @Test
    void aMapTheKernelKeepsNoLockInARecordWithoutOneOrWithTwoIsRefusedWithTheFix() {
        recent.put(1, new Account(SpinLock.UNLOCKED, 1, 0, 0));
        var lru = assertThrows(IllegalArgumentException.class, () -> recent.withLock(1, account -> account.add(Account::balance, 1)));
        assertTrue(lru.getMessage().contains("BpfHashMap or a BpfArray"), lru.getMessage());
        unlocked.put(1, new Unlocked(1, 0));
        var none = assertThrows(IllegalArgumentException.class, () -> unlocked.withLock(1, value -> value.add(Unlocked::balance, 1)));
        assertTrue(none.getMessage().contains("declares 0 SpinLock components"), none.getMessage());
        twoLocks.put(1, new TwoLocks(SpinLock.UNLOCKED, SpinLock.UNLOCKED, 1));
        var two = assertThrows(IllegalArgumentException.class, () -> twoLocks.withLock(1, value -> value.add(TwoLocks::balance, 1)));
        assertTrue(two.getMessage().contains("declares 2 SpinLock components"), two.getMessage());
    }

    @Test
    void theLockReadsAsZeroOutsideTheKernel() {
        var error = assertThrows(IllegalArgumentException.class, () -> new SpinLock(1));
        assertTrue(error.getMessage().contains("SpinLock.UNLOCKED"), error.getMessage());
        assertEquals(4, CStructSize.of(SpinLock.class));
        assertEquals(32, CStructSize.of(Account.class), "lock at 0, balance at 8, reserve at 16, moves at 24");
    }
}
