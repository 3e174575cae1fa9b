import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// 127.0.0.1 only: the dashboard (and its burner wallet on local chains) is never served to the network.
export default defineConfig({
  plugins: [react()],
  server: { host: "127.0.0.1", port: Number(process.env.DASHBOARD_PORT ?? 5173), strictPort: true },
  preview: { host: "127.0.0.1", port: Number(process.env.DASHBOARD_PORT ?? 4173), strictPort: true },
});
