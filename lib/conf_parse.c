/* placeholder: being written */
typedef int floatd_placeholder_lib_conf_parse_c;
