/** The error of a setting that cannot work; the command line prints its one-line message and exits 2. */

/** A bad flag, environment variable, config field or file a setting names. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
