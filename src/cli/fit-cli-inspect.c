/* Placeholder until this command's owner lands it. */
#include "config.h"
#include <glib/gi18n.h>
#include "fit-cli-private.h"
int fit_cli_inspect (int argc, char **argv) { fit_cli_error (_("%s is not available in this build"), argv[0]); return FIT_CLI_EXIT_FAILURE; }
