/* placeholder: being written */
typedef int floatd_placeholder_lib_loop_c;
