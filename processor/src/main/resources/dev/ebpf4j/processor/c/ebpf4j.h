/*
 * ebpf4j.h: everything a C rendering of an ebpf4j program needs, and nothing else.
 *
 * No kernel or libbpf header is included: the few types, constants and helpers are declared here
 * with the kernel's values and layouts. The header views (Ethernet, Ipv4, Ipv6, Tcp, Udp) give
 * exactly the results of the Java classes of dev.ebpf4j.program.net: a view is a pointer to the
 * header's first byte, or NULL when the header does not fit, and fields read in host order.
 *
 * Compile with: clang -target bpf -mcpu=v3 -O2 -g -c Name.bpf.c
 * (-mcpu=v3, the default from LLVM 20 on, gives 32-bit ALU and jumps; clang-19's default v1
 * compiles too, but its 64-bit sign extensions can cost the verifier a loop's bounds.)
 */
#ifndef EBPF4J_H
#define EBPF4J_H

/* Fixed-width types, named as the kernel's UAPI names them. */
typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define SEC(name) __attribute__((section(name), used))
#define __always_inline inline __attribute__((always_inline))
#define __noinline __attribute__((noinline))

/* BTF-defined maps: the fields of a map's anonymous struct in the .maps section. */
#define __uint(name, value) int (*name)[value]
#define __type(name, type) typeof(type) *name

enum {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_HASH = 5,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_RINGBUF = 27,
};

/* Update flags of bpf_map_update_elem. */
enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
};

/* Wake-up flags of bpf_ringbuf_output (no flag: the kernel decides). */
enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};

/* Map creation flags (map_flags); LPM tries require BPF_F_NO_PREALLOC. */
enum {
	BPF_F_NO_PREALLOC = 1,
};

/* libbpf's pinning attribute: pin by the map's name. */
enum {
	LIBBPF_PIN_NONE = 0,
	LIBBPF_PIN_BY_NAME = 1,
};

/* The contexts, with the kernel's offsets (the verifier rewrites each field access). */
struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u32 egress_ifindex;
};

struct __sk_buff {
	__u32 len;
	__u32 pkt_type;
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
	__u32 tc_index;
	__u32 cb[5];
	__u32 hash;
	__u32 tc_classid;
	__u32 data;
	__u32 data_end;
	__u32 napi_id;
	__u32 family;
	__u32 remote_ip4;
	__u32 local_ip4;
	__u32 remote_ip6[4];
	__u32 local_ip6[4];
	__u32 remote_port;
	__u32 local_port;
	__u32 data_meta;
};

_Static_assert(__builtin_offsetof(struct xdp_md, egress_ifindex) == 20, "struct xdp_md");
_Static_assert(__builtin_offsetof(struct __sk_buff, mark) == 8, "struct __sk_buff");
_Static_assert(__builtin_offsetof(struct __sk_buff, data) == 76, "struct __sk_buff");
_Static_assert(__builtin_offsetof(struct __sk_buff, data_end) == 80, "struct __sk_buff");
_Static_assert(__builtin_offsetof(struct __sk_buff, data_meta) == 140, "struct __sk_buff");

/* Helpers, by their numbers in the kernel's enum bpf_func_id. */
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *) 2;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *) 3;
static __u64 (*bpf_ktime_get_ns)(void) = (void *) 5;
static __u32 (*bpf_get_prandom_u32)(void) = (void *) 7;
static __u32 (*bpf_get_smp_processor_id)(void) = (void *) 8;
static long (*bpf_ringbuf_output)(void *ringbuf, void *data, __u64 size, __u64 flags) = (void *) 130;
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *) 6;

/* A map value's lock (a record's SpinLock component), as the kernel's UAPI declares it: the
 * verifier finds it in the value's BTF by this struct name. */
struct bpf_spin_lock {
	__u32 val;
};
static long (*bpf_spin_lock)(struct bpf_spin_lock *lock) = (void *) 93;
static long (*bpf_spin_unlock)(struct bpf_spin_lock *lock) = (void *) 94;

/* Bpf.trace: the format's bytes on the stack (no read-only data section needed), then the helper. */
#define ebpf4j_trace(format, ...) ({ \
	char ____format[] = format; \
	bpf_trace_printk(____format, sizeof(____format), ##__VA_ARGS__); })

/* Network byte order to host order. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ebpf4j_ntoh16(x) __builtin_bswap16(x)
#define ebpf4j_ntoh32(x) __builtin_bswap32(x)
#define ebpf4j_ntoh64(x) __builtin_bswap64(x)
#else
#define ebpf4j_ntoh16(x) (x)
#define ebpf4j_ntoh32(x) (x)
#define ebpf4j_ntoh64(x) (x)
#endif

/* Big-endian fields at byte offset `at` of a header (packet memory allows unaligned loads). */
static __always_inline __u32 ebpf4j_u8(const void *header, int at)
{
	return *((const __u8 *)header + at);
}

static __always_inline __u32 ebpf4j_u16(const void *header, int at)
{
	return ebpf4j_ntoh16(*(const __u16 *)((const __u8 *)header + at));
}

static __always_inline __u32 ebpf4j_u32(const void *header, int at)
{
	return ebpf4j_ntoh32(*(const __u32 *)((const __u8 *)header + at));
}

static __always_inline __u64 ebpf4j_u64(const void *header, int at)
{
	return ebpf4j_ntoh64(*(const __u64 *)((const __u8 *)header + at));
}

/* The JDK's unsigned comparisons: -1, 0 or 1. */
static __always_inline __s32 compare_unsigned32(__u32 a, __u32 b)
{
	return a < b ? -1 : a > b;
}

static __always_inline __s32 compare_unsigned64(__u64 a, __u64 b)
{
	return a < b ? -1 : a > b;
}

/* Header views: opaque, so a program can only read them through the functions below. */
struct Ethernet;
struct Ipv4;
struct Ipv6;
struct Tcp;
struct Udp;

#define ETHERNET_LENGTH 14
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86DD
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88A8
#define ETHERNET_MAX_VLAN_TAGS 2
#define IPV4_MIN_LENGTH 20
#define IPV6_LENGTH 40
#define IPV6_MAX_EXTENSION_HEADERS 6
#define TCP_MIN_LENGTH 20
#define UDP_LENGTH 8
#define IPPROTO_HOPOPTS 0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_ROUTING 43
#define IPPROTO_FRAGMENT 44
#define IPPROTO_AH 51
#define IPPROTO_DSTOPTS 60

/*
 * XdpContext, TcContext, SocketContext. A context field is read by one load instruction written
 * out in assembly: otherwise clang may merge reads of two fields on different paths into one load
 * from a selected address, and the verifier refuses a modified context pointer.
 */
#define ebpf4j_context_field(ctx, field) ({ \
	__u32 __field; \
	asm volatile("%0 = *(u32 *)(%1 + %2)" \
		     : "=r"(__field) \
		     : "r"(ctx), "i"(__builtin_offsetof(typeof(*(ctx)), field))); \
	__field; })
static __always_inline struct Ethernet *xdp_ethernet(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data;
	__u8 *data_end = (__u8 *)(long)ctx->data_end;
	if (data + ETHERNET_LENGTH > data_end)
		return NULL;
	return (struct Ethernet *)data;
}

static __always_inline __s32 xdp_length(struct xdp_md *ctx)
{
	return (__s32)(ebpf4j_context_field(ctx, data_end) - ebpf4j_context_field(ctx, data));
}

static __always_inline __s32 xdp_ingress_interface(struct xdp_md *ctx)
{
	return (__s32)ebpf4j_context_field(ctx, ingress_ifindex);
}

static __always_inline __s32 xdp_rx_queue(struct xdp_md *ctx)
{
	return (__s32)ebpf4j_context_field(ctx, rx_queue_index);
}

static __always_inline struct Ethernet *tc_ethernet(struct __sk_buff *skb)
{
	__u8 *data = (__u8 *)(long)skb->data;
	__u8 *data_end = (__u8 *)(long)skb->data_end;
	if (data + ETHERNET_LENGTH > data_end)
		return NULL;
	return (struct Ethernet *)data;
}

static __always_inline __s32 tc_length(struct __sk_buff *skb)
{
	return (__s32)ebpf4j_context_field(skb, len);
}

static __always_inline __s32 tc_mark(struct __sk_buff *skb)
{
	return (__s32)ebpf4j_context_field(skb, mark);
}

static __always_inline bool tc_vlan_present(struct __sk_buff *skb)
{
	return ebpf4j_context_field(skb, vlan_present) != 0;
}

static __always_inline __s32 socket_length(struct __sk_buff *skb)
{
	return (__s32)ebpf4j_context_field(skb, len);
}

/* Ethernet. */
static __always_inline __s64 ethernet_destination(struct Ethernet *eth)
{
	return (__s64)((__u64)ebpf4j_u16(eth, 0) << 32 | ebpf4j_u32(eth, 2));
}

static __always_inline __s64 ethernet_source(struct Ethernet *eth)
{
	return (__s64)((__u64)ebpf4j_u16(eth, 6) << 32 | ebpf4j_u32(eth, 8));
}

static __always_inline __s32 ethernet_ether_type(struct Ethernet *eth)
{
	return (__s32)ebpf4j_u16(eth, 12);
}

/*
 * The EtherType after up to two VLAN tags, with *network set to the header that follows them; -1
 * if a tag does not fit. Pointer and type come back separately so that clang cannot merge a NULL
 * into the packet pointer before the caller's bounds check (the verifier refuses that).
 */
static __always_inline __s32 ethernet_network(struct Ethernet *eth, void *data_end, __u8 **network)
{
	__u8 *at = (__u8 *)eth + ETHERNET_LENGTH;
	__u32 type = ebpf4j_u16(eth, 12);
#pragma unroll
	for (int tag = 0; tag < ETHERNET_MAX_VLAN_TAGS; tag++) {
		if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ)
			break;
		if (at + 4 > (__u8 *)data_end)
			return -1;
		type = ebpf4j_u16(at, 2);
		at += 4;
	}
	*network = at;
	return (__s32)type;
}

static __always_inline struct Ipv4 *ethernet_ipv4(struct Ethernet *eth, void *data_end)
{
	__u8 *ip;
	if (ethernet_network(eth, data_end, &ip) != ETHERTYPE_IPV4)
		return NULL;
	if (ip + IPV4_MIN_LENGTH > (__u8 *)data_end)
		return NULL;
	__u32 version_and_length = ip[0];
	__u32 header_length = (version_and_length & 0x0f) * 4;
	if (version_and_length >> 4 != 4 || header_length < IPV4_MIN_LENGTH)
		return NULL;
	if (ip + header_length > (__u8 *)data_end)
		return NULL;
	return (struct Ipv4 *)ip;
}

static __always_inline struct Ipv6 *ethernet_ipv6(struct Ethernet *eth, void *data_end)
{
	__u8 *ip;
	if (ethernet_network(eth, data_end, &ip) != ETHERTYPE_IPV6)
		return NULL;
	if (ip + IPV6_LENGTH > (__u8 *)data_end)
		return NULL;
	if (ip[0] >> 4 != 6)
		return NULL;
	return (struct Ipv6 *)ip;
}

/* Ipv4. */
static __always_inline __s32 ipv4_header_length(struct Ipv4 *ip)
{
	return (__s32)((ebpf4j_u8(ip, 0) & 0x0f) * 4);
}

static __always_inline __s32 ipv4_tos(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u8(ip, 1);
}

static __always_inline __s32 ipv4_total_length(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u16(ip, 2);
}

static __always_inline __s32 ipv4_identification(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u16(ip, 4);
}

static __always_inline bool ipv4_dont_fragment(struct Ipv4 *ip)
{
	return (ebpf4j_u8(ip, 6) & 0x40) != 0;
}

static __always_inline bool ipv4_more_fragments(struct Ipv4 *ip)
{
	return (ebpf4j_u8(ip, 6) & 0x20) != 0;
}

static __always_inline __s32 ipv4_fragment_offset(struct Ipv4 *ip)
{
	return (__s32)(ebpf4j_u16(ip, 6) & 0x1fff);
}

static __always_inline __s32 ipv4_ttl(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u8(ip, 8);
}

static __always_inline __s32 ipv4_protocol(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u8(ip, 9);
}

static __always_inline __s32 ipv4_checksum(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u16(ip, 10);
}

static __always_inline __s32 ipv4_source(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u32(ip, 12);
}

static __always_inline __s32 ipv4_destination(struct Ipv4 *ip)
{
	return (__s32)ebpf4j_u32(ip, 16);
}

/* The transport header of a first (or only) fragment carrying `protocol` whose `length` bytes fit. */
static __always_inline __u8 *ipv4_transport(struct Ipv4 *ip, void *data_end, __u32 protocol, __u32 length)
{
	if (ebpf4j_u8(ip, 9) != protocol || (ebpf4j_u16(ip, 6) & 0x1fff) != 0)
		return NULL;
	__u8 *transport = (__u8 *)ip + (ebpf4j_u8(ip, 0) & 0x0f) * 4;
	if (transport + length > (__u8 *)data_end)
		return NULL;
	return transport;
}

static __always_inline struct Tcp *ipv4_tcp(struct Ipv4 *ip, void *data_end)
{
	return (struct Tcp *)ipv4_transport(ip, data_end, IPPROTO_TCP, TCP_MIN_LENGTH);
}

static __always_inline struct Udp *ipv4_udp(struct Ipv4 *ip, void *data_end)
{
	return (struct Udp *)ipv4_transport(ip, data_end, IPPROTO_UDP, UDP_LENGTH);
}

/* Ipv6. */
static __always_inline __s32 ipv6_traffic_class(struct Ipv6 *ip)
{
	return (__s32)((ebpf4j_u16(ip, 0) >> 4) & 0xff);
}

static __always_inline __s32 ipv6_flow_label(struct Ipv6 *ip)
{
	return (__s32)(ebpf4j_u32(ip, 0) & 0xfffff);
}

static __always_inline __s32 ipv6_payload_length(struct Ipv6 *ip)
{
	return (__s32)ebpf4j_u16(ip, 4);
}

static __always_inline __s32 ipv6_next_header(struct Ipv6 *ip)
{
	return (__s32)ebpf4j_u8(ip, 6);
}

static __always_inline __s32 ipv6_hop_limit(struct Ipv6 *ip)
{
	return (__s32)ebpf4j_u8(ip, 7);
}

static __always_inline __s64 ipv6_source_high(struct Ipv6 *ip)
{
	return (__s64)ebpf4j_u64(ip, 8);
}

static __always_inline __s64 ipv6_source_low(struct Ipv6 *ip)
{
	return (__s64)ebpf4j_u64(ip, 16);
}

static __always_inline __s64 ipv6_destination_high(struct Ipv6 *ip)
{
	return (__s64)ebpf4j_u64(ip, 24);
}

static __always_inline __s64 ipv6_destination_low(struct Ipv6 *ip)
{
	return (__s64)ebpf4j_u64(ip, 32);
}

/*
 * The transport header after at most six extension headers if the walk ends at `protocol`, no
 * fragment header says this is a later fragment, everything on the way fits, and `length` bytes
 * of the transport header fit; else NULL.
 */
static __always_inline __u8 *ipv6_transport(struct Ipv6 *ip, void *data_end, __u32 protocol, __u32 length)
{
	__u32 next = ebpf4j_u8(ip, 6);
	__u8 *at = (__u8 *)ip + IPV6_LENGTH;
	/* A loop, not six copies: the verifier (5.3+) walks it, and the program stays small. */
#pragma clang loop unroll(disable)
	for (int step = 0; step < IPV6_MAX_EXTENSION_HEADERS; step++) {
		if (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS) {
			if (at + 2 > (__u8 *)data_end)
				return NULL;
			__u32 skip = (at[1] + 1) * 8;
			next = at[0];
			at += skip;
		} else if (next == IPPROTO_FRAGMENT) {
			if (at + 8 > (__u8 *)data_end)
				return NULL;
			if ((ebpf4j_u16(at, 2) & 0xfff8) != 0)
				return NULL;
			next = at[0];
			at += 8;
		} else if (next == IPPROTO_AH) {
			if (at + 2 > (__u8 *)data_end)
				return NULL;
			__u32 skip = (at[1] + 2) * 4;
			next = at[0];
			at += skip;
		} else {
			break;
		}
	}
	if (next != protocol || at + length > (__u8 *)data_end)
		return NULL;
	return at;
}

static __always_inline struct Tcp *ipv6_tcp(struct Ipv6 *ip, void *data_end)
{
	return (struct Tcp *)ipv6_transport(ip, data_end, IPPROTO_TCP, TCP_MIN_LENGTH);
}

static __always_inline struct Udp *ipv6_udp(struct Ipv6 *ip, void *data_end)
{
	return (struct Udp *)ipv6_transport(ip, data_end, IPPROTO_UDP, UDP_LENGTH);
}

/* Tcp. */
static __always_inline __s32 tcp_source_port(struct Tcp *tcp)
{
	return (__s32)ebpf4j_u16(tcp, 0);
}

static __always_inline __s32 tcp_destination_port(struct Tcp *tcp)
{
	return (__s32)ebpf4j_u16(tcp, 2);
}

static __always_inline __s64 tcp_sequence_number(struct Tcp *tcp)
{
	return (__s64)ebpf4j_u32(tcp, 4);
}

static __always_inline __s64 tcp_acknowledgment_number(struct Tcp *tcp)
{
	return (__s64)ebpf4j_u32(tcp, 8);
}

static __always_inline __s32 tcp_header_length(struct Tcp *tcp)
{
	return (__s32)((ebpf4j_u8(tcp, 12) >> 4) * 4);
}

static __always_inline __s32 tcp_flags(struct Tcp *tcp)
{
	return (__s32)ebpf4j_u8(tcp, 13);
}

static __always_inline bool tcp_fin(struct Tcp *tcp)
{
	return (ebpf4j_u8(tcp, 13) & 0x01) != 0;
}

static __always_inline bool tcp_syn(struct Tcp *tcp)
{
	return (ebpf4j_u8(tcp, 13) & 0x02) != 0;
}

static __always_inline bool tcp_rst(struct Tcp *tcp)
{
	return (ebpf4j_u8(tcp, 13) & 0x04) != 0;
}

static __always_inline bool tcp_psh(struct Tcp *tcp)
{
	return (ebpf4j_u8(tcp, 13) & 0x08) != 0;
}

static __always_inline bool tcp_ack(struct Tcp *tcp)
{
	return (ebpf4j_u8(tcp, 13) & 0x10) != 0;
}

static __always_inline bool tcp_urg(struct Tcp *tcp)
{
	return (ebpf4j_u8(tcp, 13) & 0x20) != 0;
}

static __always_inline __s32 tcp_window(struct Tcp *tcp)
{
	return (__s32)ebpf4j_u16(tcp, 14);
}

static __always_inline __s32 tcp_checksum(struct Tcp *tcp)
{
	return (__s32)ebpf4j_u16(tcp, 16);
}

static __always_inline __s32 tcp_urgent_pointer(struct Tcp *tcp)
{
	return (__s32)ebpf4j_u16(tcp, 18);
}

/*
 * The TCP options: the first option of `kind` if it has `length` bytes, else 0. The walk of
 * Tcp's class comment: options from byte 20 to the header length; kind 0 ends them, kind 1 is one
 * byte, others have a length byte of at least 2 and lie inside the header and the packet; a
 * malformed option, or the wanted kind with another length, ends the walk. Each iteration consumes
 * at least one of the at most 40 option bytes; the offset is masked to six bits (a no-op, as it
 * stays below the header length of at most 60) in assembly, so clang keeps the mask and the
 * verifier sees one bounded offset in every iteration.
 */
#define TCP_MAX_OPTION_BYTES 40

static __always_inline __u8 *tcp_option(struct Tcp *tcp, void *data_end, __u32 kind, __u32 length)
{
	__u8 *header = (__u8 *)tcp;
	__u64 end = (ebpf4j_u8(tcp, 12) >> 4) * 4;
	__u64 at = TCP_MIN_LENGTH;
	for (int i = 0; i < TCP_MAX_OPTION_BYTES; i++) {
		asm volatile("%0 &= 0x3f" : "+r"(at));
		if (at >= end)
			return 0;
		__u8 *option = header + at;
		if (option + 1 > (__u8 *)data_end)
			return 0;
		__u32 k = option[0];
		if (k == 0)
			return 0;
		if (k == 1) {
			at += 1;
			continue;
		}
		if (option + 2 > (__u8 *)data_end)
			return 0;
		__u64 n = option[1];
		if (n < 2 || at + n > end || header + at + n > (__u8 *)data_end)
			return 0;
		if (k == kind)
			return n == length && option + length <= (__u8 *)data_end ? option : 0;
		at += n;
	}
	return 0;
}

static __always_inline __s32 tcp_mss(struct Tcp *tcp, void *data_end)
{
	__u8 *option = tcp_option(tcp, data_end, 2, 4);
	return option ? (__s32)ebpf4j_u16(option, 2) : -1;
}

static __always_inline __s32 tcp_window_scale(struct Tcp *tcp, void *data_end)
{
	__u8 *option = tcp_option(tcp, data_end, 3, 3);
	return option ? (__s32)ebpf4j_u8(option, 2) : -1;
}

static __always_inline bool tcp_sack_permitted(struct Tcp *tcp, void *data_end)
{
	return tcp_option(tcp, data_end, 4, 2) != 0;
}

static __always_inline __s64 tcp_timestamp_value(struct Tcp *tcp, void *data_end)
{
	__u8 *option = tcp_option(tcp, data_end, 8, 10);
	return option ? (__s64)ebpf4j_u32(option, 2) : -1;
}

static __always_inline __s64 tcp_timestamp_echo(struct Tcp *tcp, void *data_end)
{
	__u8 *option = tcp_option(tcp, data_end, 8, 10);
	return option ? (__s64)ebpf4j_u32(option, 6) : -1;
}

/* Udp. */
static __always_inline __s32 udp_source_port(struct Udp *udp)
{
	return (__s32)ebpf4j_u16(udp, 0);
}

static __always_inline __s32 udp_destination_port(struct Udp *udp)
{
	return (__s32)ebpf4j_u16(udp, 2);
}

static __always_inline __s32 udp_length(struct Udp *udp)
{
	return (__s32)ebpf4j_u16(udp, 4);
}

static __always_inline __s32 udp_checksum(struct Udp *udp)
{
	return (__s32)ebpf4j_u16(udp, 6);
}

#endif
