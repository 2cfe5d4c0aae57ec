/* placeholder: being written */
typedef int floatd_placeholder_src_conf_c;
