/*
 * The C comparator of MapAccessBenchmark and BatchLookupBenchmark: the same loops through libbpf's
 * bpf_map_lookup_elem and bpf_map_update_elem, on maps of the same shape (4-byte keys, 8-byte
 * values, 1024 entries), and the same sweeps of a full 64K-entry hash map, in batches of 4096 and
 * key by key. Built by hand for CPU profiles (see docs/benchmarks.md; bin/bench-c runs map_access.c); prints one line per loop, "<name> <unit> <each round>".
 *
 * usage: map_loop [operations per round] [rounds] [only this loop, e.g. array_lookup]
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int create(enum bpf_map_type type, const char *name)
{
    int fd = bpf_map_create(type, name, sizeof(uint32_t), sizeof(uint64_t), 1024, NULL);
    if (fd < 0) {
        fprintf(stderr, "map_loop: creating %s failed: %s\n", name, strerror(errno));
        exit(1);
    }
    for (uint32_t key = 0; key < 1024; key++) {
        uint64_t value = key;
        if (bpf_map_update_elem(fd, &key, &value, BPF_ANY) != 0) {
            fprintf(stderr, "map_loop: filling %s failed: %s\n", name, strerror(errno));
            exit(1);
        }
    }
    return fd;
}

/* volatile: the compiler must not hoist the key or drop the value */
static volatile uint64_t sink;

static const char *only;

static void loop(const char *name, int fd, int update, long n, int rounds)
{
    if (only && strcmp(only, name) != 0)
        return;
    uint32_t key = 42;
    uint64_t value = 7;
    printf("%s ns/op", name);
    for (int round = 0; round < rounds; round++) {
        double start = now_ns();
        for (long i = 0; i < n; i++) {
            int err = update ? bpf_map_update_elem(fd, &key, &value, BPF_ANY)
                             : bpf_map_lookup_elem(fd, &key, &value);
            if (err != 0) {
                fprintf(stderr, "map_loop: %s failed: %s\n", name, strerror(errno));
                exit(1);
            }
            sink += value;
        }
        printf(" %.1f", (now_ns() - start) / n);
        fflush(stdout);
    }
    printf("\n");
}

#define SWEEP_ENTRIES 65536
#define SWEEP_BATCH 4096

static void check_sweep(const char *name, long seen, uint64_t sum)
{
    if (seen != SWEEP_ENTRIES || sum != (uint64_t) SWEEP_ENTRIES * (SWEEP_ENTRIES - 1) / 2) {
        fprintf(stderr, "map_loop: %s saw %ld entries summing to %llu\n", name, seen, (unsigned long long) sum);
        exit(1);
    }
}

static void sweeps(int rounds)
{
    static uint32_t keys[SWEEP_ENTRIES];
    static uint64_t values[SWEEP_ENTRIES];
    int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_batch", 4, 8, SWEEP_ENTRIES, NULL);
    if (fd < 0) {
        fprintf(stderr, "map_loop: creating bench_batch failed: %s\n", strerror(errno));
        exit(1);
    }
    for (uint32_t i = 0; i < SWEEP_ENTRIES; i++) {
        keys[i] = i;
        values[i] = i;
    }
    uint32_t count = SWEEP_ENTRIES;
    if (bpf_map_update_batch(fd, keys, values, &count, NULL) != 0 || count != SWEEP_ENTRIES) {
        fprintf(stderr, "map_loop: filling bench_batch failed: %s\n", strerror(errno));
        exit(1);
    }
    printf("hash64k_batched_sweep ms/op");
    for (int round = 0; round < rounds; round++) {
        double start = now_ns();
        uint32_t in, out;
        void *from = NULL;
        long seen = 0;
        uint64_t sum = 0;
        for (;;) {
            count = SWEEP_BATCH;
            int err = bpf_map_lookup_batch(fd, from, &out, keys, values, &count, NULL);
            if (err != 0 && errno != ENOENT) {
                fprintf(stderr, "map_loop: batch lookup failed: %s\n", strerror(errno));
                exit(1);
            }
            for (uint32_t i = 0; i < count; i++)
                sum += values[i];
            seen += count;
            if (err != 0)
                break;
            in = out;
            from = &in;
        }
        check_sweep("batched sweep", seen, sum);
        printf(" %.2f", (now_ns() - start) / 1e6);
        fflush(stdout);
    }
    printf("\nhash64k_key_by_key_sweep ms/op");
    for (int round = 0; round < rounds; round++) {
        double start = now_ns();
        uint32_t key, next;
        uint64_t value;
        void *from = NULL;
        long seen = 0;
        uint64_t sum = 0;
        while (bpf_map_get_next_key(fd, from, &next) == 0) {
            if (bpf_map_lookup_elem(fd, &next, &value) != 0) {
                fprintf(stderr, "map_loop: a key vanished during the sweep\n");
                exit(1);
            }
            sum += value;
            seen++;
            key = next;
            from = &key;
        }
        check_sweep("key-by-key sweep", seen, sum);
        printf(" %.2f", (now_ns() - start) / 1e6);
        fflush(stdout);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    only = argc > 3 ? argv[3] : NULL;
    int array = create(BPF_MAP_TYPE_ARRAY, "bench_array");
    int hash = create(BPF_MAP_TYPE_HASH, "bench_hash");
    /* one unmeasured round, as the JMH warm-up */
    loop("warmup_array_lookup", array, 0, n, 1);
    loop("array_lookup", array, 0, n, rounds);
    loop("hash_lookup", hash, 0, n, rounds);
    loop("array_update", array, 1, n, rounds);
    loop("hash_update", hash, 1, n, rounds);
    if (!only)
        sweeps(rounds);
    return 0;
}
