import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{lowerBound}from"./chunk-WR3AC2MD.js";var everyLineIs=line=>Object.assign(()=>line,{everyLine:line});function detectFormat(text){let first=text.match(/^\s*(\S)/)?.[1];return first==="{"||first==="["?"json":"yaml"}var withoutByteOrderMark=text=>text.charCodeAt(0)===65279?text.slice(1):text,SourceParseError=class extends Error{constructor(message,line){super(message);this.line=line;this.name="SourceParseError"}line},LineIndex=class{constructor(text){this.text=text}text;newlines;lineAt(offset){return this.newlines??=newlineOffsets(this.text),lowerBound(this.newlines,offset)+1}};function newlineOffsets(text){let out=[];for(let i=text.indexOf(`
`);i!==-1;i=text.indexOf(`
`,i+1))out.push(i);return out}function lineAtOffset(text,offset){let line=1;for(let i=text.indexOf(`
`);i!==-1&&i<offset;i=text.indexOf(`
`,i+1))line++;return line}var yamlParser;function registerYamlParser(parse){yamlParser=parse}function loadedYamlParser(){return yamlParser}export{everyLineIs,detectFormat,withoutByteOrderMark,SourceParseError,LineIndex,lineAtOffset,registerYamlParser,loadedYamlParser};
