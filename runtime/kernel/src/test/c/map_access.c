/*
 * The loop of MapAccessBenchmark in C over libbpf: one bpf_map_lookup_elem or
 * bpf_map_update_elem per operation on an ARRAY and a HASH map (u32 key, u64 value, 1024
 * entries), keys cycling through the map. Prints ns/op for each. Built and run by bin/bench-c.
 *
 * map_access OPS ROUNDS array|hash lookup|update|miss CPU [THREADS]: one map and one operation only
 * (miss: lookups of absent keys), bound to CPU, printing the ns/op of one timed round after a
 * warm-up: the C side of MapAccessComparison, which alternates it with the Java side round by round.
 * THREADS (default 1) is how many threads the process has while it runs; the others only wait.
 * It matters to the kernel: in a process of one thread, a system call finds its file descriptor
 * without taking a reference (fdget's light path, files_struct not shared); once a second thread
 * shares the table, every call takes and drops one (an atomic increment and decrement on the
 * struct file). A JVM always has many threads, as have most daemons that use libbpf.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ENTRIES 1024

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int create(enum bpf_map_type type, const char *name) {
    int fd = bpf_map_create(type, name, sizeof(uint32_t), sizeof(uint64_t), ENTRIES, NULL);
    if (fd < 0) {
        fprintf(stderr, "map_access: creating %s: %s\n", name, strerror(errno));
        exit(1);
    }
    for (uint32_t k = 0; k < ENTRIES; k++) {
        uint64_t v = k * 3ULL;
        bpf_map_update_elem(fd, &k, &v, BPF_ANY);
    }
    return fd;
}

static double lookup_loop(int fd, long ops) {
    uint64_t value, sum = 0;
    double start = now_ns();
    for (long i = 0; i < ops; i++) {
        uint32_t key = i & (ENTRIES - 1);
        if (bpf_map_lookup_elem(fd, &key, &value)) {
            fprintf(stderr, "map_access: lookup: %s\n", strerror(errno));
            exit(1);
        }
        sum += value;
    }
    double elapsed = now_ns() - start;
    if (sum == 1) {
        puts("");  /* keeps sum alive */
    }
    return elapsed / ops;
}

static double update_loop(int fd, long ops) {
    double start = now_ns();
    for (long i = 0; i < ops; i++) {
        uint32_t key = i & (ENTRIES - 1);
        uint64_t value = key;
        if (bpf_map_update_elem(fd, &key, &value, BPF_ANY)) {
            fprintf(stderr, "map_access: update: %s\n", strerror(errno));
            exit(1);
        }
    }
    return (now_ns() - start) / ops;
}

/* Lookups of keys the map does not hold: each fails with ENOENT, which the loop checks. */
static double miss_loop(int fd, long ops) {
    uint64_t value;
    double start = now_ns();
    for (long i = 0; i < ops; i++) {
        uint32_t key = ENTRIES + (i & (ENTRIES - 1));
        if (!bpf_map_lookup_elem(fd, &key, &value) || errno != ENOENT) {
            fprintf(stderr, "map_access: a lookup of absent key %u did not fail with ENOENT\n", key);
            exit(1);
        }
    }
    return (now_ns() - start) / ops;
}

static void *wait_forever(void *unused) {
    (void) unused;
    for (;;) {
        pause();
    }
    return NULL;
}

static int one(long ops, const char *type, const char *op, int cpu, int threads) {
    for (int t = 1; t < threads; t++) {
        pthread_t waiting;
        if (pthread_create(&waiting, NULL, wait_forever, NULL)) {
            fprintf(stderr, "map_access: starting a thread failed\n");
            return 1;
        }
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set)) {
        fprintf(stderr, "map_access: binding to CPU %d: %s\n", cpu, strerror(errno));
        return 1;
    }
    int hash = strcmp(type, "hash") == 0;
    int update = strcmp(op, "update") == 0;
    int miss = strcmp(op, "miss") == 0;
    int fd = create(hash ? BPF_MAP_TYPE_HASH : BPF_MAP_TYPE_ARRAY, hash ? "bench_hash" : "bench_array");
    double ns;
    if (miss) {
        miss_loop(fd, ops / 5);
        ns = miss_loop(fd, ops);
    } else if (update) {
        update_loop(fd, ops / 5);
        ns = update_loop(fd, ops);
    } else {
        lookup_loop(fd, ops / 5);
        ns = lookup_loop(fd, ops);
    }
    printf("%.1f\n", ns);
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    long ops = argc > 1 ? atol(argv[1]) : 5000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (argc > 5) {
        return one(ops, argv[3], argv[4], atoi(argv[5]), argc > 6 ? atoi(argv[6]) : 1);
    }
    struct { const char *name; enum bpf_map_type type; } maps[] = {
        { "bench_array", BPF_MAP_TYPE_ARRAY }, { "bench_hash", BPF_MAP_TYPE_HASH } };
    for (int m = 0; m < 2; m++) {
        int fd = create(maps[m].type, maps[m].name);
        lookup_loop(fd, ops / 5);  /* warm-up */
        update_loop(fd, ops / 5);
        for (int r = 0; r < rounds; r++) {
            printf("%-6s lookup  %7.1f ns/op\n", maps[m].name + 6, lookup_loop(fd, ops));
        }
        for (int r = 0; r < rounds; r++) {
            printf("%-6s update  %7.1f ns/op\n", maps[m].name + 6, update_loop(fd, ops));
        }
        close(fd);
    }
    return 0;
}
