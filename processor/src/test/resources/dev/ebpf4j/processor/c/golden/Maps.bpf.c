/* Maps.java: dev.example.Maps, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* record dev.example.FlowKey */
struct FlowKey {
	__s32 address;
	__s16 port;
	__u8 tcp;
};
_Static_assert(sizeof(struct FlowKey) == 8, "dev.example.FlowKey is laid out as the Java side expects");

/* record dev.example.FlowStats */
struct FlowStats {
	__s64 packets;
	__s32 lastLength;
};
_Static_assert(sizeof(struct FlowStats) == 16, "dev.example.FlowStats is laid out as the Java side expects");

/* record dev.example.Event */
struct Event {
	__s8 kind;
	__s64 time;
	__u16 cpu;
};
_Static_assert(sizeof(struct Event) == 24, "dev.example.Event is laid out as the Java side expects");

/* BpfHashMap flows */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, struct FlowKey);
	__type(value, struct FlowStats);
	__uint(map_flags, 1);
} flows SEC(".maps");

/* BpfLruHashMap recent */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__type(key, __s64);
	__type(value, __s32);
} recent SEC(".maps");

/* BpfPerCpuHashMap perCpuHits */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __s32);
	__type(value, __s32);
} perCpuHits SEC(".maps");

/* BpfArray shared */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __s32);
	__type(value, __s32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} shared SEC(".maps");

/* BpfRingBuffer events */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
	__type(value, struct Event[0]);  /* records */
} events SEC(".maps");

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __s32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline struct FlowStats *flows_get(__s32 key_address, __s16 key_port, bool key_tcp)
{
	struct FlowKey key;
	__builtin_memset(&key, 0, sizeof(key));
	key.address = key_address;
	key.port = key_port;
	key.tcp = key_tcp;
	return bpf_map_lookup_elem(&flows, &key);
}

static __always_inline bool flows_contains_key(__s32 key_address, __s16 key_port, bool key_tcp)
{
	struct FlowKey key;
	__builtin_memset(&key, 0, sizeof(key));
	key.address = key_address;
	key.port = key_port;
	key.tcp = key_tcp;
	return bpf_map_lookup_elem(&flows, &key) != NULL;
}

static __always_inline bool flows_put(__s32 key_address, __s16 key_port, bool key_tcp, __s64 value_packets, __s32 value_lastLength)
{
	struct FlowKey key;
	__builtin_memset(&key, 0, sizeof(key));
	key.address = key_address;
	key.port = key_port;
	key.tcp = key_tcp;
	struct FlowStats value;
	__builtin_memset(&value, 0, sizeof(value));
	value.packets = value_packets;
	value.lastLength = value_lastLength;
	return bpf_map_update_elem(&flows, &key, &value, BPF_ANY) == 0;
}

static __always_inline bool recent_put_if_absent(__s64 key, __s32 value)
{
	return bpf_map_update_elem(&recent, &key, &value, BPF_NOEXIST) == 0;
}

static __always_inline bool recent_remove(__s64 key)
{
	return bpf_map_delete_elem(&recent, &key) == 0;
}

static __always_inline void recent_increment(__s64 key, __s64 delta)
{
	__s32 *value = bpf_map_lookup_elem(&recent, &key);
	if (value != NULL) {
		__sync_fetch_and_add(value, (__s32)delta);
		return;
	}
	__s32 initial = (__s32)delta;
	if (bpf_map_update_elem(&recent, &key, &initial, BPF_NOEXIST) == 0)
		return;
	/* Inserted by another CPU since the lookup, or the map is full. */
	value = bpf_map_lookup_elem(&recent, &key);
	if (value != NULL)
		__sync_fetch_and_add(value, (__s32)delta);
}

static __always_inline bool perCpuHits_put(__s32 key, __s32 value)
{
	return bpf_map_update_elem(&perCpuHits, &key, &value, BPF_ANY) == 0;
}

static __always_inline void perCpuHits_increment(__s32 key, __s64 delta)
{
	__s32 *value = bpf_map_lookup_elem(&perCpuHits, &key);
	if (value != NULL) {
		*value = (__s32)((__u32)*value + (__u32)delta);
		return;
	}
	__s32 initial = (__s32)delta;
	if (bpf_map_update_elem(&perCpuHits, &key, &initial, BPF_NOEXIST) == 0)
		return;
	/* Inserted by another CPU since the lookup, or the map is full. */
	value = bpf_map_lookup_elem(&perCpuHits, &key);
	if (value != NULL)
		*value = (__s32)((__u32)*value + (__u32)delta);
}

static __always_inline void shared_increment(__s32 key, __s64 delta)
{
	__s32 *value = bpf_map_lookup_elem(&shared, &key);
	if (value != NULL)
		__sync_fetch_and_add(value, (__s32)delta);
}

static __always_inline bool events_output(__s8 event_kind, __s64 event_time, __u16 event_cpu)
{
	struct Event event;
	__builtin_memset(&event, 0, sizeof(event));
	event.kind = event_kind;
	event.time = event_time;
	event.cpu = event_cpu;
	return bpf_ringbuf_output(&events, &event, sizeof(event), 0) == 0;
}

static __always_inline bool results_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

/* Maps.java:11: static XdpAction run(ctx) */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	__s32 length = xdp_length(ctx); /* Maps.java:12 */
	struct FlowStats *stats = flows_get(167772161, 80, true); /* Maps.java:13 */
	if (stats != NULL) { /* Maps.java:14 */
		results_put(0, stats->packets); /* Maps.java:15 */
		results_put(1, (__s64)stats->lastLength); /* Maps.java:16 */
	} else {
		flows_put(167772161, 80, true, 1L, length); /* Maps.java:17 */
	}
	bool seen = flows_contains_key(167772161, 80, true); /* Maps.java:18 */
	results_put(2, seen ? 1L : 0L); /* Maps.java:19 */
	results_put(3, recent_put_if_absent((__s64)length, 7) ? 1L : 0L); /* Maps.java:20 */
	recent_increment((__s64)length, -2L); /* Maps.java:21 */
	perCpuHits_increment(length, 1L); /* Maps.java:22 */
	shared_increment(1, 5L); /* Maps.java:23 */
	shared_increment(9, 5L); /* Maps.java:24 */
	results_put(4, recent_remove(12345L) ? 1L : 0L); /* Maps.java:25 */
	results_put(5, events_output(-3, (__s64)bpf_ktime_get_ns(), (__u16)bpf_get_smp_processor_id()) ? 1L : 0L); /* Maps.java:26 */
	results_put(6, perCpuHits_put(-1, -2147483647 - 1) ? 1L : 0L); /* Maps.java:27 */
	results_put(7, (__s64)((__s32)bpf_get_prandom_u32() & 0)); /* Maps.java:28 */
	return 2; /* Maps.java:29 */
}

char LICENSE[] SEC("license") = "GPL";
