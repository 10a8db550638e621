// placeholder entry: replaced by the cli host
export {};
