/*
 * The C side of RingBufferBenchmark: libbpf's ring buffer consumer on the same ring buffer and the
 * same producer as the Java side, both pinned by the benchmark. Each round fills the ring with
 * RECORDS records of the frame's size (test runs of the producer with repeat, not timed), then
 * times ring_buffer__poll draining them, the callback reading each record's first 8 bytes.
 * Prints "c <size> <round> <events/s>" a line. Built and run by RingBufferBenchmark.
 *
 *   ringbuf_consume RING_PIN PROG_PIN FRAME_FILE RECORDS ROUNDS
 *
 * With ROUNDS 0 it runs flat out instead for RECORDS milliseconds: a producer thread bound to CPU 1
 * test-runs the program (repeat 1000) while the main thread, bound to CPU 0, polls; prints
 * "c-flat <size> <attempted/s> <consumed/s>".
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t sum;
static long seen;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int on_record(void *ctx, void *data, size_t size) {
    (void) ctx;
    uint64_t first;
    memcpy(&first, data, sizeof(first));
    sum += first + size;
    seen++;
    return 0;
}

static void fill(int prog, const void *frame, size_t length, long records) {
    while (records > 0) {
        int repeat = records > 100000 ? 100000 : (int) records;
        LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = length, .repeat = repeat);
        if (bpf_prog_test_run_opts(prog, &opts) || opts.retval != 2) {
            fprintf(stderr, "ringbuf_consume: test run failed (%s, retval %u)\n", strerror(errno), opts.retval);
            exit(1);
        }
        records -= repeat;
    }
}

struct producer {
    int prog;
    const void *frame;
    size_t length;
    volatile int stop;
    long attempted;
};

static void bind_to(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
}

static void *produce(void *arg) {
    struct producer *p = arg;
    bind_to(1);
    while (!p->stop) {
        LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = p->frame, .data_size_in = p->length, .repeat = 1000);
        if (bpf_prog_test_run_opts(p->prog, &opts)) break;
        p->attempted += 1000;
    }
    return NULL;
}

static int flat_out(struct ring_buffer *rb, int prog, const void *frame, size_t length, uint32_t size, long millis) {
    struct producer p = {.prog = prog, .frame = frame, .length = length};
    pthread_t thread;
    bind_to(0);
    seen = 0;
    double start = now_ns();
    pthread_create(&thread, NULL, produce, &p);
    while (now_ns() - start < millis * 1e6) ring_buffer__poll(rb, 100);
    p.stop = 1;
    pthread_join(thread, NULL);
    double elapsed = now_ns() - start;
    long consumed = seen;
    while (ring_buffer__consume(rb) > 0) {
    }
    printf("c-flat %u %.0f %.0f\n", size, p.attempted / elapsed * 1e9, consumed / elapsed * 1e9);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: ringbuf_consume RING_PIN PROG_PIN FRAME_FILE RECORDS ROUNDS\n");
        return 2;
    }
    int ring = bpf_obj_get(argv[1]);
    int prog = bpf_obj_get(argv[2]);
    if (ring < 0 || prog < 0) {
        fprintf(stderr, "ringbuf_consume: opening the pins: %s\n", strerror(errno));
        return 1;
    }
    FILE *f = fopen(argv[3], "rb");
    if (!f) {
        perror("ringbuf_consume: frame");
        return 1;
    }
    char frame[4096];
    size_t length = fread(frame, 1, sizeof(frame), f);
    fclose(f);
    uint32_t size;
    memcpy(&size, frame, sizeof(size));
    long records = atol(argv[4]);
    int rounds = atoi(argv[5]);
    struct ring_buffer *rb = ring_buffer__new(ring, on_record, NULL, NULL);
    if (!rb) {
        fprintf(stderr, "ringbuf_consume: ring_buffer__new: %s\n", strerror(errno));
        return 1;
    }
    bind_to(0);   /* where the Java side's consumer runs too */
    if (rounds == 0) return flat_out(rb, prog, frame, length, size, records);
    for (int round = 0; round < rounds; round++) {
        fill(prog, frame, length, records);
        seen = 0;
        double start = now_ns();
        while (seen < records) {
            if (ring_buffer__poll(rb, 1000) < 0) {
                fprintf(stderr, "ringbuf_consume: ring_buffer__poll: %s\n", strerror(errno));
                return 1;
            }
        }
        double elapsed = now_ns() - start;
        printf("c %u %d %.0f\n", size, round, records / elapsed * 1e9);
        fflush(stdout);
    }
    ring_buffer__free(rb);
    return sum == 1;
}
