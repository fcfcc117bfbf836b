// Public face of cp: other folders import only this file.
