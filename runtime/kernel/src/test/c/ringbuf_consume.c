/*
 * The C side of RingBufferBenchmark: libbpf's ring buffer consumer on the same ring buffer and the
 * same producer as the Java side, both pinned by the benchmark. Each round fills the ring with
 * RECORDS records of the frame's size (test runs of the producer with repeat, not timed), then
 * times ring_buffer__poll draining them, the callback reading each record's first 8 bytes.
 * Prints "c <size> <round> <events/s>" a line. Built and run by RingBufferBenchmark.
 *
 *   ringbuf_consume RING_PIN PROG_PIN FRAME_FILE RECORDS ROUNDS
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
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
