/* placeholder: being written */
typedef int floatd_placeholder_lib_netlink_c;
