// The map statuses the API reports and their colours: green available, blue charging, red
// faulted, grey offline; teal for occupied (plugged in, no transaction), amber for unavailable
// (every connector Unavailable or Reserved).

/** Marker colours by the API's map status. */
export const STATUS_COLORS = {
  available: "#1e9e4a",
  charging: "#1f6fe0",
  occupied: "#0fa3a3",
  faulted: "#d7263d",
  offline: "#8b9099",
  unavailable: "#d08c00",
};

/** The order statuses are listed and drawn in. */
export const STATUS_ORDER = [
  "charging",
  "occupied",
  "available",
  "faulted",
  "unavailable",
  "offline",
];
