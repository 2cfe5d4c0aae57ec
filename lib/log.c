/* placeholder: being written */
typedef int floatd_placeholder_lib_log_c;
