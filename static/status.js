// The map statuses the API reports and their colours: green available, blue charging, red
// faulted, grey offline; teal for occupied (plugged in, no transaction), purple for reserved (a
// reservation holds it), amber for unavailable (every connector Unavailable).

/** Marker colours by the API's map status. */
export const STATUS_COLORS = {
  available: "#1e9e4a",
  charging: "#1f6fe0",
  occupied: "#0fa3a3",
  reserved: "#7b4fc9",
  faulted: "#d7263d",
  offline: "#8b9099",
  unavailable: "#d08c00",
};

/** The order statuses are listed and drawn in. */
export const STATUS_ORDER = [
  "charging",
  "occupied",
  "reserved",
  "available",
  "faulted",
  "unavailable",
  "offline",
];
