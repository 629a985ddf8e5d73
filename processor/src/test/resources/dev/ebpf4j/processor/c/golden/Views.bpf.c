/* Views.java: dev.example.Views, rendered as C by ebpf4j. */
#include "ebpf4j.h"

/* BpfArray results */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __s32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline bool results_put(__s32 key, __s64 value)
{
	return bpf_map_update_elem(&results, &key, &value, BPF_ANY) == 0;
}

/* Views.java:11: static XdpAction run(ctx) */
SEC("xdp")
int run(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	__s32 present = 0; /* Views.java:12 */
	results_put(61, (__s64)xdp_length(ctx)); /* Views.java:13 */
	results_put(62, (__s64)(__s32)((__u32)xdp_ingress_interface(ctx) + xdp_rx_queue(ctx))); /* Views.java:14 */
	struct Ethernet *eth = xdp_ethernet(ctx); /* Views.java:15 */
	if (eth == NULL) { /* Views.java:16 */
		return 2; /* Views.java:17 */
	}
	present = 1; /* Views.java:18 */
	results_put(0, ethernet_destination(eth)); /* Views.java:19 */
	results_put(1, ethernet_source(eth)); /* Views.java:20 */
	results_put(2, (__s64)ethernet_ether_type(eth)); /* Views.java:21 */
	struct Ipv4 *ip4 = ethernet_ipv4(eth, data_end); /* Views.java:22 */
	if (ip4 != NULL) { /* Views.java:23 */
		present = present | 2; /* Views.java:24 */
		results_put(3, (__s64)ipv4_header_length(ip4)); /* Views.java:25 */
		results_put(4, (__s64)ipv4_tos(ip4)); /* Views.java:26 */
		results_put(5, (__s64)ipv4_total_length(ip4)); /* Views.java:27 */
		results_put(6, (__s64)ipv4_identification(ip4)); /* Views.java:28 */
		results_put(7, ipv4_dont_fragment(ip4) ? 1L : 0L); /* Views.java:29 */
		results_put(8, ipv4_more_fragments(ip4) ? 1L : 0L); /* Views.java:30 */
		results_put(9, (__s64)ipv4_fragment_offset(ip4)); /* Views.java:31 */
		results_put(10, (__s64)ipv4_ttl(ip4)); /* Views.java:32 */
		results_put(11, (__s64)ipv4_protocol(ip4)); /* Views.java:33 */
		results_put(12, (__s64)ipv4_checksum(ip4)); /* Views.java:34 */
		results_put(13, (__s64)ipv4_source(ip4)); /* Views.java:35 */
		results_put(14, (__s64)ipv4_destination(ip4)); /* Views.java:36 */
		struct Tcp *tcp = ipv4_tcp(ip4, data_end); /* Views.java:37 */
		if (tcp != NULL) { /* Views.java:38 */
			present = present | 8; /* Views.java:39 */
			results_put(24, (__s64)tcp_source_port(tcp)); /* Views.java:40 */
			results_put(25, (__s64)tcp_destination_port(tcp)); /* Views.java:41 */
			results_put(26, tcp_sequence_number(tcp)); /* Views.java:42 */
			results_put(27, tcp_acknowledgment_number(tcp)); /* Views.java:43 */
			results_put(28, (__s64)tcp_header_length(tcp)); /* Views.java:44 */
			results_put(29, (__s64)tcp_flags(tcp)); /* Views.java:45 */
			results_put(30, tcp_syn(tcp) ? 1L : 0L); /* Views.java:46 */
			results_put(31, tcp_ack(tcp) ? 1L : 0L); /* Views.java:47 */
			results_put(32, tcp_fin(tcp) ? 1L : 0L); /* Views.java:48 */
			results_put(33, tcp_rst(tcp) ? 1L : 0L); /* Views.java:49 */
			results_put(34, tcp_psh(tcp) ? 1L : 0L); /* Views.java:50 */
			results_put(35, tcp_urg(tcp) ? 1L : 0L); /* Views.java:51 */
			results_put(36, (__s64)tcp_window(tcp)); /* Views.java:52 */
			results_put(37, (__s64)tcp_checksum(tcp)); /* Views.java:53 */
			results_put(38, (__s64)tcp_urgent_pointer(tcp)); /* Views.java:54 */
		}
		struct Udp *udp = ipv4_udp(ip4, data_end); /* Views.java:55 */
		if (udp != NULL) { /* Views.java:56 */
			present = present | 16; /* Views.java:57 */
			results_put(39, (__s64)udp_source_port(udp)); /* Views.java:58 */
			results_put(40, (__s64)udp_destination_port(udp)); /* Views.java:59 */
			results_put(41, (__s64)udp_length(udp)); /* Views.java:60 */
			results_put(42, (__s64)udp_checksum(udp)); /* Views.java:61 */
		}
	}
	struct Ipv6 *ip6 = ethernet_ipv6(eth, data_end); /* Views.java:62 */
	if (ip6 != NULL) { /* Views.java:63 */
		present = present | 4; /* Views.java:64 */
		results_put(15, (__s64)ipv6_traffic_class(ip6)); /* Views.java:65 */
		results_put(16, (__s64)ipv6_flow_label(ip6)); /* Views.java:66 */
		results_put(17, (__s64)ipv6_payload_length(ip6)); /* Views.java:67 */
		results_put(18, (__s64)ipv6_next_header(ip6)); /* Views.java:68 */
		results_put(19, (__s64)ipv6_hop_limit(ip6)); /* Views.java:69 */
		results_put(20, ipv6_source_high(ip6)); /* Views.java:70 */
		results_put(21, ipv6_source_low(ip6)); /* Views.java:71 */
		results_put(22, ipv6_destination_high(ip6)); /* Views.java:72 */
		results_put(23, ipv6_destination_low(ip6)); /* Views.java:73 */
		struct Tcp *tcp6 = ipv6_tcp(ip6, data_end); /* Views.java:74 */
		if (tcp6 != NULL) { /* Views.java:75 */
			present = present | 8; /* Views.java:76 */
			results_put(24, (__s64)tcp_source_port(tcp6)); /* Views.java:77 */
			results_put(25, (__s64)tcp_destination_port(tcp6)); /* Views.java:78 */
			results_put(26, tcp_sequence_number(tcp6)); /* Views.java:79 */
			results_put(27, tcp_acknowledgment_number(tcp6)); /* Views.java:80 */
			results_put(28, (__s64)tcp_header_length(tcp6)); /* Views.java:81 */
			results_put(29, (__s64)tcp_flags(tcp6)); /* Views.java:82 */
			results_put(30, tcp_syn(tcp6) ? 1L : 0L); /* Views.java:83 */
			results_put(31, tcp_ack(tcp6) ? 1L : 0L); /* Views.java:84 */
			results_put(32, tcp_fin(tcp6) ? 1L : 0L); /* Views.java:85 */
			results_put(33, tcp_rst(tcp6) ? 1L : 0L); /* Views.java:86 */
			results_put(34, tcp_psh(tcp6) ? 1L : 0L); /* Views.java:87 */
			results_put(35, tcp_urg(tcp6) ? 1L : 0L); /* Views.java:88 */
			results_put(36, (__s64)tcp_window(tcp6)); /* Views.java:89 */
			results_put(37, (__s64)tcp_checksum(tcp6)); /* Views.java:90 */
			results_put(38, (__s64)tcp_urgent_pointer(tcp6)); /* Views.java:91 */
		}
		struct Udp *udp6 = ipv6_udp(ip6, data_end); /* Views.java:92 */
		if (udp6 != NULL) { /* Views.java:93 */
			present = present | 16; /* Views.java:94 */
			results_put(39, (__s64)udp_source_port(udp6)); /* Views.java:95 */
			results_put(40, (__s64)udp_destination_port(udp6)); /* Views.java:96 */
			results_put(41, (__s64)udp_length(udp6)); /* Views.java:97 */
			results_put(42, (__s64)udp_checksum(udp6)); /* Views.java:98 */
		}
	}
	results_put(60, (__s64)present); /* Views.java:99 */
	return 2; /* Views.java:100 */
}

/* Views.java:101: static XdpAction classify(skb) */
SEC("tc")
int classify(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	struct Ethernet *eth = tc_ethernet(skb); /* Views.java:102 */
	if (eth == NULL) { /* Views.java:103 */
		return 2; /* Views.java:104 */
	}
	if (ethernet_ipv4(eth, data_end) != NULL) { /* Views.java:105 */
		return tc_mark(skb); /* Views.java:106 */
	}
	return tc_length(skb); /* Views.java:107 */
}

/* Views.java:108: static XdpAction filter(socket) */
SEC("socket")
int filter(struct __sk_buff *socket)
{
	return socket_length(socket) >> 1; /* Views.java:109 */
}

char LICENSE[] SEC("license") = "GPL";
