/* placeholder: being written */
typedef int floatd_placeholder_src_vrrp_garp_c;
