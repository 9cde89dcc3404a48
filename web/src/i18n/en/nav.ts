export const nav = {
  planner: 'Planner board',
  load: 'Load & capacity',
  dashboard: 'Dashboard',
  jobs: 'Jobs',
  departments: 'Department boards',
  terminal: 'Operator terminal',
  materials: 'Materials',
  machines: 'Machines',
  oee: 'OEE',
  admin: 'Admin',
  audit: 'Audit log',
  mainNav: 'Main navigation',
};
