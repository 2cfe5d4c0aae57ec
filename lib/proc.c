/* placeholder: being written */
typedef int floatd_placeholder_lib_proc_c;
