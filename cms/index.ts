// Public face of cms: other folders import only this file.
