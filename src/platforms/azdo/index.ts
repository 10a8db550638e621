// placeholder entry: replaced by the azdo host
export {};
