// Public face of dasd: other folders import only this file.
