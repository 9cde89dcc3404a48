// Paths of the desk screens. router.tsx builds those routes from string paths, so the router's
// types only know the shell-less routes: these paths are cast to a known one for <Link to>.
type DeskPath = '/';

export const jobPath = (id: number) => `/jobs/${id}` as DeskPath;
export const jobsPath = '/jobs' as DeskPath;
export const heatLotPath = (id: number) => `/materials/heat-lots/${id}` as DeskPath;
export const materialsPath = '/materials' as DeskPath;
export const travellerPath = (id: number) => `/print/jobs/${id}` as DeskPath;
