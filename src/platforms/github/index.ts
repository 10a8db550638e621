// placeholder entry: replaced by the github host
export {};
