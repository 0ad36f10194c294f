import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
function lowerBound(items,value){let lo=0,hi=items.length;for(;lo<hi;){let mid=lo+hi>>1;items[mid]<value?lo=mid+1:hi=mid}return lo}function compareText(a,b){return a<b?-1:a>b?1:0}export{lowerBound,compareText};
